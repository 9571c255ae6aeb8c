// Helpers that act as a partner would: by labels, roles and button text.
import { expect } from '@playwright/test';

export const unique = (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export const todayIso = () => new Date().toISOString().slice(0, 10);

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(`${process.env.ACW_BASE_URL}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${process.env.ACW_API_TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export async function openWizard(page, path = '/') {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
}

/** Fills Account info for a US customer; returns what was typed. */
export async function fillAccountInfo(page, overrides = {}) {
  const a = {
    company: 'Northwind Traders Limited',
    domain: unique('northwind'),
    country: 'United States',
    line1: '1 Microsoft Way',
    city: 'Redmond',
    state: 'Washington',
    postal: '98052',
    first: 'Alex',
    last: 'Wilber',
    email: 'alex.wilber@northwindtraders.com',
    ...overrides,
  };
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  const company = page.getByRole('group', { name: 'Company details' });
  await company.getByLabel('Company legal name').fill(a.company);
  await company.getByLabel('Primary domain name').fill(a.domain);
  await company.getByLabel('Country or region').selectOption({ label: a.country });
  await company.getByLabel('Address line 1').fill(a.line1);
  await company.getByLabel('City').fill(a.city);
  if (a.state) await company.getByLabel(/^State or province/).selectOption({ label: a.state });
  await company.getByLabel(/^Postal code/).fill(a.postal);
  const contact = page.getByRole('group', { name: 'Primary contact' });
  await contact.getByLabel('First name').fill(a.first);
  await contact.getByLabel('Last name').fill(a.last);
  await contact.getByLabel('Email address').fill(a.email);
  const mca = page.getByRole('group', { name: 'Microsoft Customer Agreement' });
  await mca.getByLabel('The customer has accepted and signed the latest Microsoft Customer Agreement').check();
  await mca.getByLabel("Signer's first name").fill(a.first);
  await mca.getByLabel("Signer's last name").fill(a.last);
  await mca.getByLabel("Signer's email address").fill(a.email);
  await mca.getByLabel('Date of acceptance').fill(todayIso());
  return a;
}

export async function chooseOffer(page, name, licenses) {
  await page.getByRole('checkbox', { name: new RegExp(`^${name} ·`) }).check();
  const quantity = page.getByRole('textbox', { name: `Licenses – ${name}` });
  await quantity.fill(String(licenses));
}
