// axe-core on every step, with and without errors shown, and screenshots of
// every step at 1280 px and 375 px (written to tests/e2e/screenshots/<engine>/).
import { test, expect, screenshots } from '../support/test.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openWizard, fillAccountInfo, chooseOffer } from '../support/wizard.js';
import { audit } from '../support/axe.js';

mkdirSync(screenshots, { recursive: true });

async function capture(page, name) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('every step passes axe-core, with and without errors', async ({ page }) => {
  await openWizard(page);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('indirect', ''));
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await audit(page, 'Customers');
  await capture(page, '0-customers');

  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await audit(page, 'Account info');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  await audit(page, 'Account info with errors');
  await capture(page, '1-account-info-errors');

  await fillAccountInfo(page);
  await capture(page, '1-account-info');
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Indirect reseller' })).toBeVisible();
  await audit(page, 'Indirect reseller');
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  await audit(page, 'Indirect reseller with errors');
  await page.getByRole('radio').first().check();
  await capture(page, '2-indirect-reseller');
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
  await audit(page, 'Subscriptions');
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  await chooseOffer(page, 'Microsoft 365 Business Basic', 0);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await audit(page, 'Subscriptions with errors');
  await capture(page, '3-subscriptions-errors');
  await page.getByRole('textbox', { name: 'Licenses – Microsoft 365 Business Basic' }).fill('10');
  await capture(page, '3-subscriptions');
  await page.getByRole('button', { name: 'Next: Review' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await audit(page, 'Review');
  await capture(page, '4-review');
  await page.getByRole('button', { name: 'Submit' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  await audit(page, 'Done');
  await capture(page, '5-done');
});
