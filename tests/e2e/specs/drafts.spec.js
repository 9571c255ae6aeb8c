// Drafts and idempotent submission (issue 6): resume on every step, several
// drafts, every kind of bad storage, two tabs, and submits that survive
// 500s, lost answers, double clicks, 429, going offline and a reload.
import { test, expect, engine, engineCannot, webDriverLacks, playwrightBidiLacks } from '../support/test.js';
import { firefoxDownloads, nextDownload } from '../support/downloads.js';
import { api, openWizard, fillAccountInfo, chooseOffer, unique } from '../support/wizard.js';

const PREFIX = 'add-customer-wizard:default:draft:';

/** Every stored draft of the default namespace: [{key, text}]. */
const stored = (page) => page.evaluate((prefix) => Object.keys(localStorage)
  .filter((k) => k.startsWith(prefix)).map((key) => ({ key, text: localStorage.getItem(key) })), PREFIX);

async function freshStart(page) {
  await openWizard(page);
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
}

/** Waits until the autosave has written `text` into a stored draft. */
async function savedContaining(page, text) {
  await expect.poll(async () => (await stored(page)).map((d) => d.text).join('\n')).toContain(text);
}

/** Reloads and resumes the newest draft from the Customers page. */
async function reloadAndResume(page, { indirect = false } = {}) {
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  if (indirect) await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('indirect', ''));
  await page.getByRole('button', { name: /^Resume draft \(saved .+\)$/ }).click();
}

/** Builds a draft up to Review; returns what was typed. */
async function draftToReview(page, offer = 'Microsoft 365 Business Basic', licenses = 3) {
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await chooseOffer(page, offer, licenses);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await savedContaining(page, '"step":"review"');
  return typed;
}

/** Clicks a download link as a user would; returns the downloaded file's text. */
async function downloadText(page, link) {
  // Playwright 1.55 reports no download event from Firefox over BiDi: the file is taken from Firefox's download folder.
  const saved = engine === 'firefox' ? nextDownload(firefoxDownloads) : page.waitForEvent('download');
  const [download] = await Promise.all([saved, link.click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The first submit reaches the server, which commits, but its answer never
 * reaches the page; later submits pass. `ids` collects each MS-RequestId. */
async function holdFirstSubmitAnswer(page) {
  const ids = [];
  let held;
  const firstArrived = new Promise((resolve) => { held = resolve; });
  await page.route('**/v1/submissions', async (route) => {
    ids.push(route.request().headers()['ms-requestid']);
    if (ids.length === 1) {
      await route.fetch();
      held();
      return;
    }
    await route.continue();
  });
  return { ids, firstArrived };
}

async function customersWithDomain(domainPrefix) {
  const list = await api('/customers?size=1000');
  return list.body.items.filter((c) => c.domain === `${domainPrefix}.onmicrosoft.com`);
}

test('a draft resumes on every step with every value, an indirect reseller included', async ({ page }) => {
  await freshStart(page);
  await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('indirect', ''));
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await savedContaining(page, typed.email);

  // Account info
  await reloadAndResume(page, { indirect: true });
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await expect(page.getByLabel('Company legal name')).toHaveValue(typed.company);
  await expect(page.getByLabel('Primary domain name')).toHaveValue(typed.domain);
  await expect(page.getByLabel('City')).toHaveValue(typed.city);
  await expect(page.getByLabel(/^Postal code/)).toHaveValue(typed.postal);
  await expect(page.getByRole('group', { name: 'Primary contact' }).getByLabel('Email address')).toHaveValue(typed.email);
  await expect(page.getByLabel('The customer has accepted and signed the latest Microsoft Customer Agreement')).toBeChecked();

  // Indirect reseller
  await page.getByRole('button', { name: 'Next: Indirect reseller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Indirect reseller' })).toBeVisible();
  const reseller = page.getByRole('radio').nth(2);
  const resellerName = await reseller.evaluate((el) => el.labels[0].textContent);
  await reseller.check();
  // The choice itself must be saved before the reload (the step was saved on arrival).
  await savedContaining(page, `"resellerId":"${await reseller.getAttribute('value')}"`);
  await reloadAndResume(page, { indirect: true });
  await expect(page.getByRole('heading', { level: 1, name: 'Indirect reseller' })).toBeVisible();
  await expect(page.getByRole('radio', { name: resellerName })).toBeChecked();

  // Subscriptions
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await chooseOffer(page, 'Microsoft 365 Business Standard', 7);
  await savedContaining(page, '"quantity":"7"');
  await reloadAndResume(page, { indirect: true });
  await expect(page.getByRole('heading', { level: 1, name: 'Subscriptions' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Licenses – Microsoft 365 Business Standard' })).toHaveValue('7');

  // Review
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await savedContaining(page, '"step":"review"');
  await reloadAndResume(page, { indirect: true });
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await expect(page.getByText(typed.company)).toBeVisible();
  await expect(page.getByText(`${typed.domain}.onmicrosoft.com`)).toBeVisible();
  await expect(page.getByText(resellerName.trim().split(' ·')[0].trim()).first()).toBeVisible();
  expect((await stored(page)).length).toBe(1);
});

test('several drafts are listed, each resumable or discardable; Start over begins afresh', async ({ page }) => {
  await freshStart(page);
  for (const company of ['Adventure Works Cycles Limited', 'Tailspin Toys Limited', 'Wingtip Toys Limited']) {
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByLabel('Company legal name').fill(company);
    await savedContaining(page, company);
    await page.getByRole('button', { name: 'Cancel' }).click();
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Saved drafts' })).toBeVisible();
  await expect(page.getByText(/^You have an unfinished draft: Wingtip Toys Limited · Account info · saved /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume Adventure Works Cycles Limited' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume Tailspin Toys Limited' })).toBeVisible();

  await page.getByRole('button', { name: 'Discard Adventure Works Cycles Limited' }).click();
  await expect(page.getByRole('button', { name: 'Resume Adventure Works Cycles Limited' })).toHaveCount(0);
  expect((await stored(page)).map((d) => d.text).join()).not.toContain('Adventure Works');

  await page.getByRole('button', { name: 'Resume Tailspin Toys Limited' }).click();
  await expect(page.getByLabel('Company legal name')).toHaveValue('Tailspin Toys Limited');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Now Tailspin is the newest: Start over discards it and opens a blank draft.
  await expect(page.getByText(/^You have an unfinished draft: Tailspin Toys Limited · /)).toBeVisible();
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await expect(page.getByLabel('Company legal name')).toHaveValue('');
  const texts = (await stored(page)).map((d) => d.text).join();
  expect(texts).not.toContain('Tailspin');
  expect(texts).toContain('Wingtip Toys Limited');
});

test('a v1 draft (one key per partner) is migrated to a key of its own, values intact', async ({ page }) => {
  await freshStart(page);
  await page.evaluate(() => localStorage.setItem('add-customer-wizard:default:draft', JSON.stringify({
    version: 1, savedAt: new Date(Date.now() - 3_600_000).toISOString(), step: 'account', requestId: null,
    draft: { account: { companyName: 'Fabrikam Holdings Limited', address: { country: 'US', city: 'Seattle' } } },
  })));
  await page.reload();
  await page.getByRole('button', { name: /^Resume draft \(saved / }).click();
  await expect(page.getByLabel('Company legal name')).toHaveValue('Fabrikam Holdings Limited');
  await expect(page.getByLabel('City')).toHaveValue('Seattle');
  expect(await page.evaluate(() => localStorage.getItem('add-customer-wizard:default:draft'))).toBeNull();
  const drafts = await stored(page);
  expect(drafts).toHaveLength(1);
  expect(JSON.parse(drafts[0].text)).toMatchObject({ version: 2, draft: { account: { companyName: 'Fabrikam Holdings Limited' } } });
});

const badCases = [
  { name: 'unparseable JSON', raw: '{"version":2,"savedAt":"2026-', message: 'A saved draft is damaged and could not be read.' },
  { name: 'a newer schema version', raw: JSON.stringify({ version: 9, draft: { account: { companyName: 'From the future' } } }), message: 'A saved draft was made by a newer version of this wizard' },
  { name: 'not a draft at all', raw: JSON.stringify({ version: 2, draft: 'everything' }), message: 'A saved draft is not in a form this wizard can read.' },
  { name: 'a huge value', raw: JSON.stringify({ version: 2, padding: 'x'.repeat(600_000) }), message: 'A saved draft is too large to open.' },
];

for (const bad of badCases) {
  test(`bad storage: ${bad.name} gives a message, the raw text to download, and a fresh draft`, async ({ page }) => {
    await freshStart(page);
    await page.evaluate(([key, raw]) => localStorage.setItem(key, raw), [`${PREFIX}damaged`, bad.raw]);
    await page.reload();
    const notice = page.getByRole('alert').filter({ hasText: bad.message });
    await expect(notice).toBeVisible();
    // The raw text can be downloaded as it was stored (and copied, when it fits a text box).
    const link = notice.getByRole('link', { name: 'Download the saved draft' });
    await expect(link).toHaveAttribute('download', /\.json$/);
    expect(await downloadText(page, link)).toBe(bad.raw);
    if (bad.raw.length < 64 * 1024) await expect(notice.getByLabel('Saved draft text')).toHaveValue(bad.raw);
    // A usable fresh draft.
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page.getByLabel('Company legal name')).toHaveValue('');
    await page.getByLabel('Company legal name').fill('Contoso Pharmaceuticals Limited');
    await savedContaining(page, 'Contoso Pharmaceuticals Limited');
    // The damaged text is still there until the user removes it.
    expect(await page.evaluate((k) => localStorage.getItem(k), `${PREFIX}damaged`)).toBe(bad.raw);
    await notice.getByRole('button', { name: 'Remove the unreadable draft' }).click();
    await expect(notice).toHaveCount(0);
    expect(await page.evaluate((k) => localStorage.getItem(k), `${PREFIX}damaged`)).toBeNull();
  });
}

test('bad storage: fields of the wrong type are left empty, the rest kept, the original downloadable', async ({ page }) => {
  await freshStart(page);
  const raw = JSON.stringify({
    version: 2, id: 'typed', savedAt: new Date(Date.now() - 3_600_000).toISOString(), step: 'account',
    draft: { account: { companyName: 'Litware Incorporated', domainPrefix: 42, address: { city: ['Oslo'], country: 'NO' } }, agreement: { accepted: 'yes' } },
  });
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [`${PREFIX}typed`, raw]);
  await page.reload();
  const notice = page.getByRole('alert').filter({ hasText: 'Some values in a saved draft could not be read and were left empty.' });
  await expect(notice).toBeVisible();
  expect(await downloadText(page, notice.getByRole('link', { name: 'Download the saved draft' }))).toBe(raw);
  await page.getByRole('button', { name: /^Resume draft/ }).click();
  await expect(page.getByLabel('Company legal name')).toHaveValue('Litware Incorporated');
  await expect(page.getByLabel('Primary domain name')).toHaveValue('42');
  await expect(page.getByLabel('City')).toHaveValue('');
});

test('bad storage in Swedish: the message is in the user\'s language', async ({ page }) => {
  await freshStart(page);
  await page.evaluate((key) => localStorage.setItem(key, 'not json'), `${PREFIX}damaged`);
  await page.reload();
  await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('locale', 'sv-SE'));
  const notice = page.getByRole('alert').filter({ hasText: 'Ett sparat utkast är skadat och kunde inte läsas.' });
  await expect(notice.getByRole('link', { name: 'Ladda ned det sparade utkastet' })).toBeVisible();
  await expect(notice.getByLabel('Det sparade utkastets text')).toHaveValue('not json');
});

test('bad storage: storage turned off still lets the partner add a customer, and says drafts are not kept', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  await openWizard(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Drafts can\'t be saved: this browser does not allow storage for this site.' })).toBeVisible();
  const typed = await draftToReviewWithoutStorage(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
});

async function draftToReviewWithoutStorage(page) {
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await chooseOffer(page, 'Microsoft 365 Business Basic', 2);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  return typed;
}

test('bad storage: over quota, the partner is told and can download the draft', async ({ page }) => {
  await freshStart(page);
  await page.evaluate(() => {
    Storage.prototype.setItem = function full() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.getByRole('button', { name: 'Add customer' }).click();
  await page.getByLabel('Company legal name').fill('Proseware Incorporated');
  const notice = page.getByRole('alert').filter({ hasText: 'Your draft could not be saved: the browser\'s storage for this site is full.' });
  await expect(notice).toBeVisible();
  const text = await downloadText(page, notice.getByRole('link', { name: 'Download this draft' }));
  expect(JSON.parse(text).draft.account.companyName).toBe('Proseware Incorporated');
  // Typing goes on; the values stay.
  await page.getByLabel('City').fill('Redmond');
  await expect(page.getByLabel('Company legal name')).toHaveValue('Proseware Incorporated');
});

test('two tabs: the older tab is told about the newer draft and loads it instead of overwriting', async ({ context }) => {
  const first = await context.newPage();
  await freshStart(first);
  await first.getByRole('button', { name: 'Add customer' }).click();
  await first.getByLabel('Company legal name').fill('Northwind Traders Limited');
  await savedContaining(first, 'Northwind Traders Limited');

  const second = await context.newPage();
  await openWizard(second);
  await second.getByRole('button', { name: /^Resume draft/ }).click();
  await expect(second.getByLabel('Company legal name')).toHaveValue('Northwind Traders Limited');
  await second.getByLabel('City').fill('Stockholm');
  await savedContaining(second, 'Stockholm');

  const notice = first.getByRole('alert').filter({ hasText: 'This draft was changed in another tab or window' });
  await expect(notice).toBeVisible();
  // Typing in the older tab does not overwrite the newer draft.
  await first.getByLabel('City').fill('Gothenburg');
  await first.getByLabel('Company legal name').press('Tab');
  await expect.poll(async () => (await stored(first)).map((d) => d.text).join()).toContain('Stockholm');
  expect((await stored(first)).map((d) => d.text).join()).not.toContain('Gothenburg');
  await notice.getByRole('button', { name: 'Load the newer draft' }).click();
  await expect(first.getByLabel('City')).toHaveValue('Stockholm');
  await expect(notice).toHaveCount(0);
  expect(await stored(first)).toHaveLength(1);
});

test('a reload during submit resumes it with the same request id: one customer', async ({ page }) => {
  await freshStart(page);
  const typed = await draftToReview(page);
  const { ids, firstArrived } = await holdFirstSubmitAnswer(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await firstArrived;
  const stillStored = await stored(page);
  expect(stillStored).toHaveLength(1);
  expect(JSON.parse(stillStored[0].text).requestId).toBe(ids[0]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  await expect(page.getByText('Customer added')).toBeVisible();
  expect(ids.length).toBe(2);
  expect(ids[1]).toBe(ids[0]);
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
  expect(await stored(page)).toHaveLength(0);
});

test('the wizard removed during submit: the next mount resumes it with the same request id: one customer', async ({ page }) => {
  await freshStart(page);
  const typed = await draftToReview(page);
  const { ids, firstArrived } = await holdFirstSubmitAnswer(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await firstArrived;
  // A portal closes the wizard (unmount disposes everything it made) and opens it again.
  await page.evaluate(() => {
    const wizard = document.querySelector('add-customer-wizard');
    const parent = wizard.parentNode;
    wizard.remove();
    parent.append(wizard);
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  await expect(page.getByText('Customer added')).toBeVisible();
  expect(ids.length).toBe(2);
  expect(ids[1]).toBe(ids[0]);
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
  expect(await stored(page)).toHaveLength(0);
});

test("the submit's code not arriving keeps the draft and its request id; Submit again sends them: one customer", async ({ page }) => {
  // The submit's code is a WebAssembly chunk of its own (fetched when idle or at the first submit).
  const SUBMIT_CODE = /\/split_submit_code-[0-9a-f]+\.wasm$/;
  await page.route(SUBMIT_CODE, (route) => route.abort('internetdisconnected'));
  await freshStart(page);
  const typed = await draftToReview(page);
  const ids = [];
  await page.route('**/v1/submissions', (route) => { ids.push(route.request().headers()['ms-requestid']); return route.continue(); });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/^The server could not be reached\. Your draft is kept/)).toBeVisible();
  expect(ids).toEqual([]);
  const saved = await stored(page);
  expect(saved).toHaveLength(1);
  const requestId = JSON.parse(saved[0].text).requestId;
  expect(requestId).toBeTruthy();

  // The connection is back: Submit sends the saved request.
  await page.unroute(SUBMIT_CODE);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  await expect(page.getByText('Customer added')).toBeVisible();
  expect(ids).toEqual([requestId]);
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
});

test('500s, a lost answer and a double click are retried with one request id: one customer', async ({ page }) => {
  await freshStart(page);
  const typed = await draftToReview(page);
  const seen = [];
  await page.route('**/v1/submissions', async (route) => {
    seen.push(route.request().headers()['ms-requestid']);
    if (seen.length === 1) {
      await route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 1500, description: 'Injected', errorName: 'InternalError', isRetryable: true }) });
    } else if (seen.length === 2) {
      await route.fetch(); // committed on the server…
      await route.abort('connectionreset'); // …and the answer is lost
    } else {
      await route.continue();
    }
  });
  const replays = [];
  page.on('response', (r) => { if (r.url().endsWith('/v1/submissions')) replays.push(r.headers()['idempotent-replayed']); });
  await page.getByRole('button', { name: 'Submit' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  expect(seen.length).toBe(3);
  expect(new Set(seen).size).toBe(1);
  expect(replays.at(-1)).toBe('true');
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
});

test('429 is honoured with its Retry-After and the state is shown', async ({ page }) => {
  await freshStart(page);
  await draftToReview(page);
  let calls = 0;
  await page.route('**/v1/submissions', async (route) => {
    calls += 1;
    if (calls === 1) {
      await route.fulfill({ status: 429, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: '{"code":1429,"description":"Too many requests"}' });
    } else {
      await route.continue();
    }
  });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('The server is busy. Trying again in 1 s…')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
});

test('offline: submitting waits with a message and continues when the connection is back', async ({ page, context }) => {
  engineCannot({ webkit: webDriverLacks.offline, firefox: playwrightBidiLacks.offline });
  await freshStart(page);
  const typed = await draftToReview(page);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('You are offline. The customer will be submitted when the connection is back; your draft is saved.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submitting…' })).toBeDisabled();
  await context.setOffline(false);
  await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
  expect(await customersWithDomain(typed.domain)).toHaveLength(1);
});

/** A stored v2 draft for `company`, last saved `daysAgo` days ago. */
const draftSaved = (id, company, daysAgo) => JSON.stringify({
  version: 2, id, savedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), step: 'account', requestId: null,
  draft: { account: { companyName: company, address: { country: 'US' } } },
});

test('drafts not changed for draft-days days are removed when the wizard starts; the Customers page says so', async ({ page }) => {
  await freshStart(page);
  // Visible: while the app takes over, its copy of the page waits hidden beside the first one.
  await expect(page.getByText('Drafts are kept in this browser for 30 days after their last change, then removed.').filter({ visible: true })).toBeVisible();
  await page.evaluate(([prefix, old, recent]) => {
    localStorage.setItem(`${prefix}old`, old);
    localStorage.setItem(`${prefix}recent`, recent);
  }, [PREFIX, draftSaved('old', 'Adventure Works Cycles Limited', 31), draftSaved('recent', 'Wide World Importers Limited', 29)]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Resume draft/ })).toHaveCount(1);
  await expect.poll(async () => (await stored(page)).map((d) => d.key)).toEqual([`${PREFIX}recent`]);
  await expect(page.getByText('Wide World Importers Limited')).toBeVisible();
  await expect(page.getByText('Adventure Works Cycles Limited')).toHaveCount(0);

  // The host may keep them for less; Swedish wording follows the language.
  await page.evaluate(() => {
    const wizard = document.querySelector('add-customer-wizard');
    wizard.setAttribute('draft-days', '7');
    wizard.setAttribute('locale', 'sv-SE');
  });
  await expect(page.getByText('Utkast sparas i den här webbläsaren i 7 dagar efter senaste ändringen och tas sedan bort.')).toBeVisible();
  await page.evaluate(([prefix, week, fresh]) => {
    localStorage.setItem(`${prefix}week`, week);
    localStorage.setItem(`${prefix}fresh`, fresh);
  }, [PREFIX, draftSaved('week', 'Tailspin Toys Limited', 8), draftSaved('fresh', 'Contoso Pharmaceuticals Limited', 1)]);
  // Checked when the wizard starts: mounted afresh, it keeps only the day-old draft.
  await page.evaluate(() => {
    const wizard = document.querySelector('add-customer-wizard');
    const copy = wizard.cloneNode(false);
    wizard.replaceWith(copy);
  });
  await expect.poll(async () => (await stored(page)).map((d) => d.key)).toEqual([`${PREFIX}fresh`]);
  await expect(page.getByText('Contoso Pharmaceuticals Limited')).toBeVisible();
});
