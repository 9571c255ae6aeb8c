// Helpers that act as a partner would: by labels, roles and button text.
import { expect } from './test.js';

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

/** A valid submission payload for the API (to prepare state such as a taken domain). */
export function payloadFor(domainPrefix, company = 'Fabrikam Holdings Limited') {
  const contact = { firstName: 'Megan', lastName: 'Bowen', email: 'megan.bowen@fabrikamholdings.com' };
  return {
    customer: {
      companyProfile: { domain: `${domainPrefix}.onmicrosoft.com` },
      billingProfile: {
        email: contact.email, culture: 'en-US', language: 'en', companyName: company,
        defaultAddress: {
          ...contact, addressLine1: '1 Microsoft Way', addressLine2: null, city: 'Redmond',
          state: 'WA', postalCode: '98052', country: 'US', phoneNumber: null,
        },
      },
    },
    agreement: {
      primaryContact: contact, templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
      dateAgreed: `${todayIso()}T00:00:00.000Z`, type: 'MicrosoftCustomerAgreement',
    },
    order: { billingCycle: 'monthly', lineItems: [{ lineItemNumber: 0, offerId: 'CFQ7TTC0LH18:0001', quantity: 3 }] },
  };
}

export async function createCustomerViaApi(domainPrefix) {
  const created = await api('/submissions', {
    method: 'POST', body: payloadFor(domainPrefix), headers: { 'MS-RequestId': crypto.randomUUID() },
  });
  if (created.status !== 201) throw new Error(`could not prepare customer: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** The element that has focus, looking inside shadow roots. */
export async function focusedLabel(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    // A control's own labels, whether they point at it (for=) or wrap it.
    const label = el.labels?.[0];
    return (label?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });
}

/** Presses Tab until the control whose label starts with `label` has focus. */
export async function tabTo(page, label, maxPresses = 120) {
  for (let i = 0; i < maxPresses; i += 1) {
    const current = await focusedLabel(page);
    if (current.startsWith(label)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${label}"`);
}
