// The steps after Account info, and the panels few partners see (the address
// service's suggestions, the draft notices), are WebAssembly chunks of their
// own, fetched when the partner reaches them (or earlier, when the browser is
// idle). A chunk that does not arrive must not lose anything or freeze the wizard.
import { test, expect } from '../support/test.js';
import { openWizard, fillAccountInfo } from '../support/wizard.js';

// Every chunk; the main .wasm is add-customer-wizard_bg.wasm.
const CHUNKS = /\/(split_[a-z_]+|chunk_\d+)-[0-9a-f]+\.wasm$/;

test('a step whose code does not arrive says so at the step, keeps every entry, and loads on "Try again"', async ({ page }) => {
  const blocked = [];
  await page.route(CHUNKS, (route) => { blocked.push(route.request().url()); return route.abort('internetdisconnected'); });
  await openWizard(page);
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();

  // The partner is told where they are and why the step is not there; focus is on its heading.
  const heading = page.getByRole('heading', { level: 1, name: 'Subscriptions' });
  const alert = page.getByRole('alert').filter({ hasText: 'This step could not be loaded' });
  await expect(alert).toHaveText('This step could not be loaded. Check your connection. Your entries are kept. Try again');
  await expect(page.getByText('Step 2 of 3')).toBeVisible();
  await expect(heading).toBeFocused();
  expect(blocked.length).toBeGreaterThan(0);

  // The connection is back: "Try again" brings the step in.
  await page.unroute(CHUNKS);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Search offers')).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Nothing typed was lost on the way.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await expect(page.getByLabel('Company legal name')).toHaveValue(typed.company);
  await expect(page.getByLabel('Primary domain name')).toHaveValue(typed.domain);
});

test('address suggestions whose code does not arrive say so in their place, and come on "Try again"', async ({ page }) => {
  await page.route(CHUNKS, (route) => route.abort('internetdisconnected'));
  await openWizard(page);
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page, { line1: '1   microsoft way', city: 'redmond' });
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'This part of the wizard could not be loaded' });
  await expect(alert).toHaveText('This part of the wizard could not be loaded. Check your connection. Your entries are kept. Try again');
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await expect(page.getByLabel('Address line 1')).toHaveValue(typed.line1);

  // The connection is back: the panel comes, and focus with it.
  await page.unroute(CHUNKS);
  await alert.getByRole('button', { name: 'Try again' }).click();
  const panel = page.getByRole('region', { name: 'Check the address' });
  await expect(panel).toBeFocused();
  await panel.getByRole('radio', { name: /^1 Microsoft Way, Redmond, WA, 98052/ }).check();
  await panel.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
});

test('a draft notice whose code does not arrive says so at the top, and comes on "Try again"', async ({ page }) => {
  await openWizard(page);
  await page.evaluate(() => { localStorage.clear(); localStorage.setItem('add-customer-wizard:default:draft:damaged', '{"version":2,"savedAt":"2026-'); });
  await page.route(CHUNKS, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  const alert = page.getByRole('alert').filter({ hasText: 'This part of the wizard could not be loaded' });
  await expect(alert).toBeVisible();

  await page.unroute(CHUNKS);
  await alert.getByRole('button', { name: 'Try again' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'A saved draft is damaged and could not be read.' });
  await expect(notice).toBeVisible();
  await expect(alert).toHaveCount(0);
  // The wizard goes on: a new customer starts from an empty draft.
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByLabel('Company legal name')).toHaveValue('');
});
