// The whole flow as a new partner meets it: Customers → Account info →
// Subscriptions → Review → Submit → Done, with a reload in the middle.
import { test, expect } from '../support/test.js';
import { api, openWizard, fillAccountInfo, chooseOffer } from '../support/wizard.js';

test('a partner adds a customer, reloading midway, and the customer is stored', async ({ page }) => {
  await openWizard(page);
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
  await chooseOffer(page, 'Microsoft 365 Business Basic', 12);

  // The draft is saved while typing; after a reload it is offered, and
  // resuming it lands on the same step with every value.
  const drafts = () => page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('add-customer-wizard:default:draft:')).map((k) => localStorage.getItem(k)).join('\n'));
  await expect.poll(drafts).toContain('"quantity":"12"');
  await page.reload();
  await page.getByRole('button', { name: /^Resume draft \(saved / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Licenses – Microsoft 365 Business Basic' })).toHaveValue('12');

  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await expect(page.getByText(typed.company)).toBeVisible();
  await expect(page.getByText(`${typed.domain}.onmicrosoft.com`)).toBeVisible();

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  await expect(page.getByText('Customer added')).toBeVisible();

  // The draft is gone only now that the server confirmed it.
  expect(await drafts()).toBe('');

  // The customer is in SQLite, as the server's API reports it.
  const list = await api('/customers?size=100');
  expect(list.status).toBe(200);
  const row = list.body.items.find((c) => c.domain === `${typed.domain}.onmicrosoft.com`);
  expect(row).toBeTruthy();
  expect(row.companyName).toBe(typed.company);
  expect(row.country).toBe('US');
});
