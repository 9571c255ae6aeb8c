// The wizard in the partner's language, inside the demo portal: a Swedish
// partner adds a Swedish customer; no English text is left on any step; the
// language switches at run time without losing a value; the browser's
// language is used when the portal names none.
import { test, expect, screenshots } from '../support/test.js';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fillAccountInfo, unique, todayIso } from '../support/wizard.js';
import { startPortal, collectErrors, violations, hostEvents } from '../support/portal.js';

let portal;
test.beforeAll(async () => { portal = await startPortal(); });
test.afterAll(() => portal?.stop());

const heading = (wizard, name) => wizard.getByRole('heading', { level: 1, name, exact: true });

/** The catalogue's English texts that differ in Swedish, as whole-text matchers ({placeholders} match anything). */
function englishOnlyTexts() {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../../src/i18n.rs'), 'utf8');
  const row = /^\s*(\w+) => "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)";/gm;
  const unescape = (s) => s.replace(/\\(.)/g, '$1');
  const texts = [];
  for (const [, key, en, sv] of source.matchAll(row)) {
    if (en === sv) continue;
    const pattern = unescape(en).trim().replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}|\{\w+\}/g, '.+');
    texts.push({ key, en: unescape(en), re: new RegExp(`^${pattern}$`) });
  }
  return texts;
}

/** Every text a user can see or hear inside a wizard: text nodes, option texts and accessible attributes. */
const wizardTexts = (wizard) => wizard.evaluate((host) => {
  const root = host.shadowRoot;
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent.trim();
    if (t) out.push(t);
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
  }
  return out;
});

async function expectNoEnglish(wizard, catalogue, where) {
  const texts = await wizardTexts(wizard);
  expect(texts.length, where).toBeGreaterThanOrEqual(4);
  const english = texts.flatMap((t) => catalogue.filter((c) => c.re.test(t)).map((c) => `${c.key}: "${t}"`));
  expect(english, `English text on ${where}`).toEqual([]);
}

test.describe('a Swedish partner', () => {
  // A Swedish partner's browser: the native date field shows Swedish dates too.
  test.use({ locale: 'sv-SE' });

test('a Swedish partner adds a Swedish customer, in Swedish, with Swedish dates', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(portal.page('', { lang: 'sv-SE' }));
  const wizard = page.locator('#wizard');
  await expect(heading(wizard, 'Kunder')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Kunder' }).first()).toBeVisible(); // the portal's own
  await wizard.getByRole('button', { name: 'Lägg till kund' }).click();
  await expect(heading(wizard, 'Kontoinformation')).toBeVisible();
  await expect(wizard.getByText('Steg 1 av 3')).toBeVisible();

  const domain = unique('fjallraven');
  const company = wizard.getByRole('group', { name: 'Företagsuppgifter' });
  await company.getByLabel('Företagets juridiska namn').fill('Fjällräven Handel Aktiebolag');
  await company.getByLabel('Primärt domännamn').fill(domain);
  await company.getByLabel('Land eller region').selectOption({ label: 'Sverige' });
  await expect(company.getByText('Till exempel 11455')).toBeVisible(); // Sweden's rules have arrived
  await company.getByLabel('Adressrad 1').fill('Drottninggatan 1');
  await company.getByLabel('Ort').fill('Stockholm');
  // A domain-crate code, worded in Swedish with the country's example.
  await company.getByLabel(/^Postnummer/).fill('ABC');
  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();
  const summary = wizard.getByRole('alert').filter({ hasText: 'Det finns ett problem' });
  await expect(summary.getByRole('link', { name: 'Ange ett giltigt postnummer, till exempel 11455' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Ange förnamn' })).toBeVisible();
  await company.getByLabel(/^Postnummer/).fill('111 51');
  const contact = wizard.getByRole('group', { name: 'Primär kontakt' });
  await contact.getByLabel('Förnamn').fill('Astrid');
  await contact.getByLabel('Efternamn').fill('Lindqvist');
  await contact.getByLabel('E-postadress').fill('astrid.lindqvist@fjallraven-handel.se');
  const mca = wizard.getByRole('group', { name: 'Microsoft-kundavtal' });
  await mca.getByLabel('Kunden har godkänt och undertecknat det senaste Microsoft-kundavtalet').check();
  await mca.getByLabel('Undertecknarens förnamn').fill('Astrid');
  await mca.getByLabel('Undertecknarens efternamn').fill('Lindqvist');
  await mca.getByLabel('Undertecknarens e-postadress').fill('astrid.lindqvist@fjallraven-handel.se');
  await mca.getByLabel('Datum för godkännande').fill(todayIso());
  await expect(summary).toHaveCount(0);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'demo-sv-SE.png'), fullPage: true });

  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();
  await expect(heading(wizard, 'Prenumerationer')).toBeVisible();
  // Numbers by the browser's Intl: Swedish digit grouping (10 000, not 10,000).
  await expect(wizard.getByRole('checkbox', { name: /^Microsoft 365 E3 · .*1–10\s000 licenser/ })).toBeVisible();
  await wizard.getByLabel('Sök erbjudanden').fill('business basic');
  await wizard.getByRole('checkbox', { name: /^Microsoft 365 Business Basic ·/ }).check();
  await wizard.getByRole('textbox', { name: 'Licenser – Microsoft 365 Business Basic' }).fill('5');
  await wizard.getByRole('button', { name: 'Nästa: Granska' }).click();
  await expect(heading(wizard, 'Granska')).toBeVisible();
  // The date in Swedish, by the browser's Intl (2026-11-23, not 11/23/2026).
  const swedishToday = new Intl.DateTimeFormat('sv-SE').format(new Date(`${todayIso()}T00:00:00Z`));
  await expect(wizard.getByRole('definition').filter({ hasText: swedishToday })).toBeVisible();
  await expect(wizard.getByRole('definition').filter({ hasText: 'Sverige' })).toBeVisible();
  await wizard.getByRole('button', { name: 'Skicka' }).click();
  await expect(heading(wizard, 'Klart')).toBeVisible();
  await expect(wizard.getByText('Kunden har lagts till')).toBeVisible();
  await expect(page.locator('#activity-log')).toContainText(`Kund skapad: Fjällräven Handel Aktiebolag (${domain}.onmicrosoft.com)`);
  expect((await hostEvents(page, 'customer-created'))[0].detail.companyName).toBe('Fjällräven Handel Aktiebolag');

  // The customer list: country name and date in Swedish.
  await wizard.getByRole('button', { name: 'Lägg till en till kund' }).click();
  await wizard.getByRole('button', { name: 'Avbryt' }).click();
  const row = wizard.getByRole('row').filter({ hasText: 'Fjällräven Handel Aktiebolag' });
  await expect(row.getByRole('cell', { name: 'Sverige' })).toBeVisible();
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
});

test('no English text is left on any step in Swedish, errors included', async ({ page }) => {
  const catalogue = englishOnlyTexts();
  expect(catalogue.length).toBeGreaterThan(100); // the parser found the catalogue
  await page.goto(portal.page('', { lang: 'sv-SE' }));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const wizard = page.locator('#wizard');
  await expect(wizard.getByRole('table').or(wizard.getByText('Inga kunder ännu.'))).toBeVisible();
  await expectNoEnglish(wizard, catalogue, 'Kunder');

  await wizard.getByRole('button', { name: 'Lägg till kund' }).click();
  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();
  await expect(wizard.getByRole('alert').filter({ hasText: 'Det finns ett problem' })).toBeVisible();
  await expectNoEnglish(wizard, catalogue, 'Kontoinformation with errors');

  // And the English catalogue text really would be caught: the same step in English has plenty.
  await page.getByLabel('Språk').selectOption({ label: 'English (United States)' });
  await expect(heading(wizard, 'Account info')).toBeVisible();
  const english = (await wizardTexts(wizard)).filter((t) => catalogue.some((c) => c.re.test(t)));
  expect(english.length).toBeGreaterThan(20);
  await page.getByLabel('Language').selectOption({ label: 'Svenska (Sverige)' });

  await page.getByLabel('Vi är en indirekt leverantör').check();
  await fillSwedishAccount(wizard);
  await wizard.getByRole('button', { name: 'Nästa: Indirekt återförsäljare' }).click();
  await expect(heading(wizard, 'Indirekt återförsäljare')).toBeVisible();
  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();
  await expect(wizard.getByRole('alert').filter({ hasText: 'Välj den indirekta återförsäljaren' })).toBeVisible();
  await expectNoEnglish(wizard, catalogue, 'Indirekt återförsäljare with errors');
  await wizard.getByRole('radio').first().check();
  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();

  await expect(heading(wizard, 'Prenumerationer')).toBeVisible();
  await wizard.getByRole('button', { name: 'Nästa: Granska' }).click();
  await expect(wizard.getByRole('link', { name: 'Välj minst ett erbjudande' })).toBeVisible();
  await wizard.getByLabel('Sök erbjudanden').fill('business basic');
  await wizard.getByRole('checkbox', { name: /^Microsoft 365 Business Basic ·/ }).check();
  await wizard.getByRole('textbox', { name: 'Licenser – Microsoft 365 Business Basic' }).fill('999');
  await wizard.getByRole('button', { name: 'Nästa: Granska' }).click();
  await expect(wizard.getByRole('link', { name: 'Ange mellan 1 och 300 licenser' })).toBeVisible();
  await expectNoEnglish(wizard, catalogue, 'Prenumerationer with errors');
  await wizard.getByRole('textbox', { name: 'Licenser – Microsoft 365 Business Basic' }).fill('3');
  await wizard.getByRole('button', { name: 'Nästa: Granska' }).click();
  await expect(heading(wizard, 'Granska')).toBeVisible();
  await expectNoEnglish(wizard, catalogue, 'Granska');
  await page.getByLabel('Vi är en indirekt leverantör').uncheck();
});

async function fillSwedishAccount(wizard) {
  const company = wizard.getByRole('group', { name: 'Företagsuppgifter' });
  await company.getByLabel('Företagets juridiska namn').fill('Nordisk Bokföring Aktiebolag');
  await company.getByLabel('Primärt domännamn').fill(unique('nordiskbok'));
  await company.getByLabel('Land eller region').selectOption({ label: 'Sverige' });
  await company.getByLabel('Adressrad 1').fill('Kungsgatan 10');
  await company.getByLabel('Ort').fill('Göteborg');
  await company.getByLabel(/^Postnummer/).fill('411 19');
  const contact = wizard.getByRole('group', { name: 'Primär kontakt' });
  await contact.getByLabel('Förnamn').fill('Erik');
  await contact.getByLabel('Efternamn').fill('Johansson');
  await contact.getByLabel('E-postadress').fill('erik.johansson@nordiskbokforing.se');
  const mca = wizard.getByRole('group', { name: 'Microsoft-kundavtal' });
  await mca.getByLabel('Kunden har godkänt och undertecknat det senaste Microsoft-kundavtalet').check();
  await mca.getByLabel('Undertecknarens förnamn').fill('Erik');
  await mca.getByLabel('Undertecknarens efternamn').fill('Johansson');
  await mca.getByLabel('Undertecknarens e-postadress').fill('erik.johansson@nordiskbokforing.se');
  await mca.getByLabel('Datum för godkännande').fill(todayIso());
}

/** Every value and checked state of the wizard's form controls (the date apart: it is shown in the language's format). */
const controlValues = (wizard) => wizard.evaluate((host) =>
  [...host.shadowRoot.querySelectorAll('input, select')].filter((c) => !c.id.includes('dateAgreed'))
    .map((c) => `${c.id}=${c.type === 'checkbox' ? c.checked : c.value}`));

test('switching the language at run time keeps every value and re-words the errors', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(portal.page('', { lang: 'en-US' }));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const wizard = page.locator('#wizard');
  await wizard.getByRole('button', { name: 'Add customer' }).click();
  await fillAccountInfo(wizard);
  await wizard.getByLabel('Email address').first().fill('');
  await wizard.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(wizard.getByRole('link', { name: 'Enter email address' })).toBeVisible();
  const before = await controlValues(wizard);
  expect(before.length).toBeGreaterThan(15);

  await page.getByLabel('Language').selectOption({ label: 'Svenska (Sverige)' });
  await expect(heading(wizard, 'Kontoinformation')).toBeVisible();
  await expect(wizard.getByRole('alert').filter({ hasText: 'Det finns ett problem' })
    .getByRole('link', { name: 'Ange e-postadress' })).toBeVisible();
  await expect(wizard.getByLabel('Företagets juridiska namn')).toHaveValue('Northwind Traders Limited');
  await expect(wizard.getByLabel('Land eller region')).toHaveValue('US');
  await expect(wizard.getByLabel('Land eller region').locator('option:checked')).toHaveText('USA');
  expect(await controlValues(wizard)).toEqual(before);
  await expect(wizard.getByLabel('Datum för godkännande')).toHaveValue(todayIso());

  await wizard.getByLabel('E-postadress').first().fill('alex.wilber@northwindtraders.com');
  await wizard.getByRole('button', { name: 'Nästa: Prenumerationer' }).click();
  await expect(heading(wizard, 'Prenumerationer')).toBeVisible();
  await wizard.getByLabel('Sök erbjudanden').fill('business basic');
  await wizard.getByRole('checkbox', { name: /^Microsoft 365 Business Basic ·/ }).check();
  await wizard.getByRole('textbox', { name: 'Licenser – Microsoft 365 Business Basic' }).fill('12');
  await wizard.getByLabel('Kategori').selectOption({ label: 'Produktivitet' });
  // A switch on Subscriptions keeps the search and the category too.
  await page.getByLabel('Språk').selectOption({ label: 'English (United States)' });
  await expect(heading(wizard, 'Subscriptions')).toBeVisible();
  await expect(wizard.getByLabel('Search offers')).toHaveValue('business basic');
  await expect(wizard.getByLabel('Category').locator('option:checked')).toHaveText('Productivity');
  // The rows come from the English catalogue, not the Swedish one they were built from.
  await expect(wizard.getByRole('checkbox', { name: /^Microsoft 365 Business Basic · Productivity · 1–300 licenses/ })).toBeChecked();
  await page.getByLabel('Language').selectOption({ label: 'Svenska (Sverige)' });
  await wizard.getByRole('button', { name: 'Nästa: Granska' }).click();
  await expect(heading(wizard, 'Granska')).toBeVisible();
  const swedishDate = new Intl.DateTimeFormat('sv-SE').format(new Date(`${todayIso()}T00:00:00Z`));
  await expect(wizard.getByRole('definition').filter({ hasText: swedishDate })).toBeVisible();

  // Back to English on Review: every answer is still there, the date in US format.
  await page.getByLabel('Språk').selectOption({ label: 'English (United States)' });
  await expect(heading(wizard, 'Review')).toBeVisible();
  await expect(wizard.getByText('Northwind Traders Limited')).toBeVisible();
  await expect(wizard.getByRole('definition').filter({ hasText: 'United States' })).toBeVisible();
  const usDate = new Intl.DateTimeFormat('en-US').format(new Date(`${todayIso()}T00:00:00Z`));
  await expect(wizard.getByRole('definition').filter({ hasText: usDate })).toBeVisible();
  await expect(wizard.getByRole('definition').filter({ hasText: '12 × licenses' })).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('with a Swedish browser', () => {
  test.use({ locale: 'sv-SE' });

  test('the wizard speaks the browser language when the portal names none', async ({ page }) => {
    await page.goto(portal.page());
    const wizard = page.locator('#wizard');
    await expect(page.getByLabel('Språk')).toHaveValue('');
    expect(await wizard.getAttribute('locale')).toBeNull();
    await expect(heading(wizard, 'Kunder')).toBeVisible();
    await expect(wizard.getByRole('button', { name: 'Lägg till kund' })).toBeVisible();
  });
});
