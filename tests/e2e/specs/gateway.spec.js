// Gateway mode in a real browser: the real server with --upstream partner-center
// against the Partner Center double (crates/partner-center-double, run as its own
// process), the wizard driven by accessible names. Each test reads what exists in
// the double for its customer's domain: one customer, one agreement, one order.
import { test, expect, engine } from '../support/test.js';
import { fillAccountInfo, chooseOffer, unique } from '../support/wizard.js';
import { startServer } from '../support/global-setup.js';
import { startDouble } from '../support/double.js';
import { audit } from '../support/axe.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let double;
let gateway;
let dir;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'acw-gateway-'));
  writeFileSync(path.join(dir, 'app-secret'), 'e2e-app-secret\n', { mode: 0o600 });
  writeFileSync(path.join(dir, 'refresh-token'), 'e2e-refresh-token\n', { mode: 0o600 });
  double = await startDouble(['--app-id', 'e2e-app', '--app-secret-file', path.join(dir, 'app-secret'), '--refresh-token', 'e2e-refresh-token']);
  gateway = await startServer([
    '--upstream', 'partner-center', '--upstream-url', double.api, '--upstream-token-url', double.token,
    '--upstream-app-id', 'e2e-app', '--upstream-app-secret-file', path.join(dir, 'app-secret'),
    '--upstream-refresh-token-file', path.join(dir, 'refresh-token'),
  ], dir);
});

test.afterAll(async () => {
  const exited = (child) => (child && child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null);
  const gone = [exited(gateway?.child), exited(double?.child)];
  gateway?.child.kill('SIGTERM');
  double?.child.kill('SIGTERM');
  await Promise.all(gone);
  // The database, the secret and the refresh-token files.
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A failed test shows what the gateway and the double said (their last 4,000
// characters of log each): an upstream fault is otherwise invisible from the page.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [name, process] of [['gateway', gateway], ['double', double]]) {
    const log = process?.log() ?? '';
    console.log(`--- ${name} log (${testInfo.title}) ---\n${log}`);
    await testInfo.attach(`${name}.log`, { body: log, contentType: 'text/plain' });
  }
});

// A Swedish customer: the double's country rules and offers are Partner Center's for Sweden.
const swedish = (domain) => ({
  company: 'Contoso Pharmaceuticals AB', domain, country: 'Sweden', line1: 'Storgatan 1', city: 'Stockholm',
  state: null, postal: '111 22', first: 'Anna', last: 'Berg', email: 'anna.berg@contosopharma.se',
});

async function startNewCustomer(page, { indirect = false } = {}) {
  await page.goto(`${gateway.url}/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  if (engine === 'webkit') {
    // As in wizard.spec: in WebKit, press Add customer once the app has taken over.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('add-customer-wizard: take-over').length),
      { timeout: 30_000 }).toBeGreaterThan(0);
  }
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('heading', { name: 'Account info', level: 1 })).toBeVisible();
  if (indirect) await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('indirect', ''));
}

/** Account info → (reseller) → Subscriptions → Review, ready to submit. */
async function fillToReview(page, domain, { indirect = false, licenses = 3 } = {}) {
  await startNewCustomer(page, { indirect });
  await fillAccountInfo(page, swedish(domain));
  if (indirect) {
    await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
    await page.getByRole('radio', { name: /^Reseller 0 · MPN 4847383/ }).check();
  }
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await chooseOffer(page, 'Office 365 E3', licenses);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
}

const created = (domain) => double.domain(`${domain}.onmicrosoft.com`);

test('a direct customer is created in Partner Center: customer, agreement and order', async ({ page }) => {
  const domain = unique('gwdirect');
  await fillToReview(page, domain);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer added' })).toBeVisible();
  await expect(page.getByText(`${domain}.onmicrosoft.com`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy password' })).toBeVisible();
  const inDouble = await created(domain);
  expect([inDouble.customers, inDouble.agreements, inDouble.orders]).toEqual([1, 1, 1]);
  expect(inDouble.lineItems).toEqual([expect.objectContaining({ offerId: '91FD106F-4B2C-4938-95AC-F54F74E9A239', quantity: 3 })]);
  expect(inDouble.lineItems[0].partnerIdOnRecord).toBeUndefined();
});

test('an indirect customer is created with its reseller on the order', async ({ page }) => {
  const domain = unique('gwindirect');
  await fillToReview(page, domain, { indirect: true });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer added' })).toBeVisible();
  const inDouble = await created(domain);
  expect([inDouble.customers, inDouble.agreements, inDouble.orders]).toEqual([1, 1, 1]);
  expect(inDouble.lineItems[0].partnerIdOnRecord).toBe('4847383');
});

test('Partner Center refusing the phone number lands on the company phone field; nothing is created', async ({ page }) => {
  const domain = unique('gwphone');
  await fillToReview(page, domain);
  // "Create a customer": 600051, a phone number is required for the customer's country.
  await double.fault({ op: 'customer', reject: { status: 400, code: 600051, description: 'Phone number is required for this country.' } });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await summary.getByRole('link', { name: 'Enter company phone number' }).click();
  const phone = page.getByRole('group', { name: 'Company details' }).getByLabel('Company phone number');
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  expect((await created(domain)).customers).toBe(0);
  // Corrected and sent again: created once.
  await phone.fill('+46 8 123 456 78');
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer added' })).toBeVisible();
  const inDouble = await created(domain);
  expect([inDouble.customers, inDouble.agreements, inDouble.orders]).toEqual([1, 1, 1]);
});

test('an order refused for its quantity after the customer was created: Done says so, Update goes to the licenses, one customer', async ({ page }) => {
  const domain = unique('gwquantity');
  await fillToReview(page, domain);
  // "Create an order for a customer": 2002, the quantity is outside what the offer allows.
  await double.fault({ op: 'order', reject: { status: 400, code: 2002, description: 'The quantity is not within the allowed range for the offer.' } });
  await page.getByRole('button', { name: 'Submit' }).click();
  const outcome = page.getByRole('heading', { level: 2, name: 'The customer was created, but the subscriptions were not ordered' });
  await expect(outcome).toBeFocused();
  await expect(page.getByText('Licenses: Partner Center does not allow this number of licenses for this offer. Enter another number.')).toBeVisible();
  await expect(page.getByText(`${domain}.onmicrosoft.com`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy password' })).toBeVisible();
  expect(await created(domain)).toMatchObject({ customers: 1, agreements: 1, orders: 0 });
  await audit(page, 'Done, the order refused');

  await page.getByRole('button', { name: 'Update Subscriptions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
  const licenses = page.getByRole('textbox', { name: 'Licenses – Office 365 E3' });
  await expect(licenses).toHaveAttribute('aria-invalid', 'true');
  await licenses.fill('4');
  await page.getByRole('button', { name: 'Save and return to Review' }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer added' })).toBeVisible();
  const inDouble = await created(domain);
  expect([inDouble.customers, inDouble.agreements, inDouble.orders]).toEqual([1, 1, 1]);
  expect(inDouble.lineItems[0].quantity).toBe(4);
});

test('an order that fails after the customer was created is retried from Done to success: one customer', async ({ page }) => {
  const domain = unique('gwretry');
  await fillToReview(page, domain);
  // Partner Center down for the order: every attempt the server makes (4 by default) gets a 503.
  await double.fault({ op: 'order', status: 503, times: 4 });
  await page.getByRole('button', { name: 'Submit' }).click();
  const outcome = page.getByRole('heading', { level: 2, name: 'The customer was created, but the subscriptions were not ordered' });
  await expect(outcome).toBeFocused();
  await expect(page.getByText('Partner Center could not be reached.')).toBeVisible();
  await expect(page.getByText('Retrying repeats only the step that failed: the customer is not created again.')).toBeVisible();
  await expect(page.getByText(`${domain}.onmicrosoft.com`, { exact: true })).toBeVisible();
  // No field to correct: Retry only.
  await expect(page.getByRole('button', { name: /^Update/ })).toHaveCount(0);
  expect(await created(domain)).toMatchObject({ customers: 1, agreements: 1, orders: 0 });
  // The same view in Swedish, the language switched at run time.
  const setLocale = (tag) => page.evaluate((t) => document.querySelector('add-customer-wizard').setAttribute('locale', t), tag);
  await setLocale('sv-SE');
  await expect(page.getByRole('heading', { level: 2, name: 'Kunden skapades, men prenumerationerna beställdes inte' })).toBeVisible();
  await expect(page.getByText('Partner Center gick inte att nå.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Beställ prenumerationerna igen' })).toBeVisible();
  await setLocale('en-US');
  await audit(page, 'Done, Partner Center unreachable for the order');

  await page.getByRole('button', { name: 'Order the subscriptions again' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer added' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy password' })).toBeVisible();
  const inDouble = await created(domain);
  expect([inDouble.customers, inDouble.agreements, inDouble.orders]).toEqual([1, 1, 1]);
});
