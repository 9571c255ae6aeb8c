// The wizard inside "an existing portal" (demo/): the portal page and
// wizard.js come from one origin under a strict CSP, the API from another
// origin allowed by CORS. Everything is found by label, role and button text.
import { test, expect, screenshots } from '../support/test.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fillAccountInfo, chooseOffer, unique } from '../support/wizard.js';
import { startPortal, collectErrors, violations, hostEvents } from '../support/portal.js';

let portal;
test.beforeAll(async () => { portal = await startPortal(); });
test.afterAll(() => portal?.stop());

/** Opens the portal and waits until its wizard has loaded the customer list. */
async function openPortal(page, file = '', params = {}) {
  await page.goto(portal.page(file, params));
  const wizard = page.locator('#wizard');
  await expect(wizard.getByRole('table').or(wizard.getByText('No customers yet.'))).toBeVisible();
}

/** A wizard's own step heading (inside its shadow root), not the portal's; `scope` is the page (its one wizard) or a wizard. */
const wizardHeading = (scope, name) => ('goto' in scope ? scope.locator('#wizard') : scope)
  .getByRole('heading', { level: 1, name, exact: true });

/** Everything stored as drafts under a storage key (one or several entries, whatever their layout). */
const storedDrafts = (page, key, kind = 'localStorage') => page.evaluate(([key, kind]) => {
  const store = window[kind];
  return Object.keys(store).filter((k) => k.startsWith(`add-customer-wizard:${key}:draft`)).sort()
    .map((k) => store.getItem(k)).join('\n');
}, [key, kind]);

/** After a reload or a switch of drafts: the saved draft is either opened at once or offered to resume. */
async function openSavedDraft(wizard) {
  const field = wizard.getByLabel('Company legal name');
  const resume = wizard.getByRole('button', { name: /^Resume draft/ });
  await expect(field.or(resume)).toBeVisible();
  if (await resume.isVisible()) await resume.click();
  return field;
}

async function apiGet(apiBase, pathname) {
  const token = (await (await fetch(`${apiBase}/dev/token`, { method: 'POST' })).json()).accessToken;
  const response = await fetch(`${apiBase}${pathname}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

test('the wizard completes inside the portal, across origins, and the portal hears customer-created', async ({ page }) => {
  const errors = collectErrors(page);
  const apiRequests = [];
  page.on('request', (r) => { if (r.url().startsWith(`${portal.apiOrigin}/v1/`)) apiRequests.push(r.url()); });
  const response = await page.goto(portal.page());
  // The page really is served with the strict policy, and the API origin only for connections.
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toMatch(new RegExp(`connect-src 'self' ${portal.apiOrigin}`));

  await expect(wizardHeading(page, 'Customers')).toBeVisible();
  await page.getByRole('button', { name: 'Add customer' }).click();
  const typed = await fillAccountInfo(page);
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(wizardHeading(page, 'Subscriptions')).toBeVisible();
  await page.getByLabel('Search offers').fill('business basic');
  await chooseOffer(page, 'Microsoft 365 Business Basic', 7);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(wizardHeading(page, 'Review')).toBeVisible();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(wizardHeading(page, 'Done')).toBeVisible();
  const customerId = (await page.locator('add-customer-wizard').getByRole('definition').first().textContent()).trim();

  // The portal's own activity panel shows what the wizard dispatched.
  const domain = `${typed.domain}.onmicrosoft.com`;
  await expect(page.locator('#activity-log')).toContainText(`Customer created: ${typed.company} (${domain})`);
  const [created] = await hostEvents(page, 'customer-created');
  expect(created).toEqual({
    type: 'customer-created', detail: { id: customerId, domain, companyName: typed.company },
    bubbles: true, composed: true, source: 'wizard',
  });
  const steps = (await hostEvents(page, 'step-change')).map((e) => e.detail.step);
  expect(steps).toEqual(['account', 'subscriptions', 'review', 'done']);
  const saved = await hostEvents(page, 'draft-saved');
  expect(saved.length).toBeGreaterThan(0);
  expect(Date.parse(saved[0].detail.savedAt)).not.toBeNaN();

  // Every API call went to the other origin, and the customer is stored there, not on the portal's server.
  expect(apiRequests.some((u) => u.includes('/v1/submissions'))).toBe(true);
  expect((await apiGet(portal.apiBase, `/customers/${customerId}`)).status).toBe(200);
  expect((await apiGet(`${portal.portalOrigin}/v1`, `/customers/${customerId}`)).status).toBe(404);

  // Not one CSP violation, as the portal's own listener recorded them.
  expect(await violations(page)).toEqual([]);
  await expect(page.locator('#csp-status')).toHaveText('No violations');
  expect(errors).toEqual([]);
});

test('wizard.js asks for the glue, the .wasm and its stylesheet at once, not one after the other', async ({ page }) => {
  // The portal has only the module tag (no preloads). Hold the glue: were the
  // .wasm or the stylesheet asked for only after it, they would never come.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/add-customer-wizard.js', async (route) => { await held; await route.continue(); });
  const asked = Promise.all(['**/add-customer-wizard_bg.wasm', '**/wizard.css']
    .map((url) => page.waitForRequest(url, { timeout: 15_000 })));
  await page.goto(portal.page(), { waitUntil: 'commit' });
  await asked;
  release();
  await expect(wizardHeading(page, 'Customers')).toBeVisible();
});

test("the portal's elements have the same computed styles before and after the wizard mounts", async ({ page }) => {
  // Hold wizard.js until the portal has been measured without it.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let requested;
  const asked = new Promise((resolve) => { requested = resolve; });
  await page.route('**/wizard.js', async (route) => { requested(); await held; await route.continue(); });
  await page.goto(portal.page(), { waitUntil: 'commit' });
  await asked;
  await page.waitForFunction(() => document.readyState !== 'loading'
    && [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet));

  const snapshot = () => page.evaluate(() => {
    // Sizes follow the content (the wizard is taller than nothing); every other property must not move.
    const layout = new Set(['width', 'height', 'block-size', 'inline-size', 'min-block-size', 'min-inline-size',
      'grid-template-columns', 'grid-template-rows', 'transform-origin', 'perspective-origin']);
    const result = {};
    const elements = [...document.querySelectorAll('*')].filter((e) => e.localName !== 'add-customer-wizard');
    elements.forEach((el, i) => {
      const style = getComputedStyle(el);
      const props = {};
      for (const name of style) if (!layout.has(name)) props[name] = style.getPropertyValue(name);
      result[`${i}:${el.localName}#${el.id}.${el.className}`] = props;
    });
    return { count: elements.length, result };
  });
  expect(await page.locator('add-customer-wizard').evaluate((el) => el.shadowRoot)).toBeNull();
  // Firefox has classic scrollbars: the taller page after mounting would narrow the viewport and
  // move used auto margins by the scrollbar's width. The gutter is kept in both snapshots alike.
  await page.evaluate(() => { document.documentElement.style.scrollbarGutter = 'stable'; });
  const before = await snapshot();

  release();
  await expect(wizardHeading(page, 'Customers')).toBeVisible();
  await expect(page.locator('#wizard').getByText('No customers yet.').or(page.locator('#wizard').getByRole('table'))).toBeVisible();
  const after = await snapshot();
  expect(after.count).toBe(before.count); // nothing added to the page outside the element
  expect(after.result).toEqual(before.result);
  // And nothing of the wizard's stylesheet landed in the document.
  expect(await page.evaluate(() => [...document.styleSheets].map((s) => s.href?.split('/').pop())))
    .toEqual(['framework.css', 'portal.css', 'legacy.css']);
});

test("a hostile legacy stylesheet does not change the wizard's layout", async ({ page }) => {
  await openPortal(page);
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(wizardHeading(page, 'Account info')).toBeVisible();
  // With errors shown, the step has every kind of control and message.
  await page.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toBeVisible();
  await page.locator('add-customer-wizard').getByRole('heading', { level: 1 }).click(); // no caret blinking in a field
  // The portal keeps the space it gives the wizard the same; what happens inside is the wizard's.
  await page.locator('main').evaluate((main) => {
    main.style.setProperty('width', '900px', 'important');
    main.style.setProperty('margin', '0', 'important');
    main.style.setProperty('padding', '0', 'important');
  });

  const measure = () => page.locator('add-customer-wizard').evaluate((host) => {
    const root = host.shadowRoot.querySelector('.acw-root');
    const origin = root.getBoundingClientRect();
    const props = ['font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color',
      'letter-spacing', 'word-spacing', 'text-transform', 'text-align', 'text-indent', 'direction', 'white-space',
      'display', 'float', 'box-sizing', 'margin', 'padding', 'border', 'border-radius', 'cursor', 'visibility'];
    return [root, ...root.querySelectorAll('*')].map((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        el: `${el.localName}#${el.id}.${el.className}`,
        // Boxes that are not rendered (<option> in a closed <select>) have no meaningful position.
        box: r.width === 0 && r.height === 0 ? null
          : [r.x - origin.x, r.y - origin.y, r.width, r.height].map((v) => Math.round(v * 100) / 100),
        style: Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])),
      };
    });
  });
  const without = await measure();

  await page.getByLabel('Legacy stylesheet').check();
  // The legacy sheet is really in force on the portal and on the wizard's element itself.
  await expect.poll(() => page.locator('.page-title').evaluate((h) => getComputedStyle(h).fontSize)).toBe('30px');
  expect(await page.locator('#wizard').evaluate((h) => {
    const s = getComputedStyle(h);
    return [s.display, s.fontSize, s.direction, s.textTransform];
  })).toEqual(['inline', '30px', 'rtl', 'uppercase']);
  const withLegacy = await measure();
  expect(withLegacy.length).toBeGreaterThan(50);
  expect(withLegacy).toEqual(without);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'demo-legacy-stylesheet-en-US.png'), fullPage: true });
});

test('two wizards on one page keep separate state and drafts', async ({ page }) => {
  await page.goto(portal.page('regions.html'));
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.reload();
  const nordics = page.locator('#wizard-nordics');
  const americas = page.locator('#wizard-americas');
  await expect(wizardHeading(nordics, 'Customers')).toBeVisible();
  await expect(wizardHeading(americas, 'Customers')).toBeVisible();

  await nordics.getByRole('button', { name: 'Add customer' }).click();
  await expect(wizardHeading(nordics, 'Account info')).toBeVisible();
  await expect(wizardHeading(americas, 'Customers')).toBeVisible(); // the other one did not move
  await americas.getByRole('button', { name: 'Add customer' }).click();

  // Each has its partner region's countries only (allowed-countries).
  const options = (w) => w.getByLabel('Country or region').locator('option').allTextContents();
  await expect.poll(() => options(nordics)).toEqual(
    ['Select a country or region', 'Denmark', 'Finland', 'Iceland', 'Norway', 'Sweden']);
  await expect.poll(() => options(americas)).toEqual(['Select a country or region', 'Canada', 'United States']);

  await nordics.getByLabel('Company legal name').fill('Fjällräven Handel Aktiebolag');
  await americas.getByLabel('Company legal name').fill('Northwind Traders Limited');
  await nordics.getByLabel('Country or region').selectOption({ label: 'Sweden' });
  await expect(nordics.getByLabel('Company legal name')).toHaveValue('Fjällräven Handel Aktiebolag');
  await expect(americas.getByLabel('Company legal name')).toHaveValue('Northwind Traders Limited');

  // Each saved under its own key, in its own storage kind.
  await expect.poll(() => storedDrafts(page, 'contoso-nordics'))
    .toContain('"country":"SE"');
  await expect.poll(() => storedDrafts(page, 'contoso-americas', 'sessionStorage'))
    .toContain('Northwind Traders Limited');
  expect(await storedDrafts(page, 'contoso-nordics')).not.toContain('Northwind');
  expect(await storedDrafts(page, 'contoso-americas')).toBe(''); // session storage only
  const sources = new Set((await hostEvents(page, 'draft-saved')).map((e) => e.source));
  expect(sources).toEqual(new Set(['wizard-nordics', 'wizard-americas']));

  // An error in one is not an error in the other.
  await americas.getByRole('button', { name: 'Next: Subscriptions' }).click();
  await expect(americas.getByRole('alert').filter({ hasText: 'There is a problem' })).toBeVisible();
  await expect(nordics.getByRole('alert')).toHaveCount(0);

  await page.reload();
  await expect(await openSavedDraft(nordics)).toHaveValue('Fjällräven Handel Aktiebolag');
  await expect(await openSavedDraft(americas)).toHaveValue('Northwind Traders Limited');
  expect(await violations(page)).toEqual([]);
});

test('attributes changed at run time take effect and keep what was entered', async ({ page }) => {
  await openPortal(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const wizard = page.locator('#wizard');
  await expect(wizardHeading(page, 'Customers')).toBeVisible();

  // relationship-url: the link on the customer list follows it.
  const link = wizard.getByRole('link', { name: 'Request a relationship' });
  await expect(link).toHaveAttribute('href', 'https://partner.microsoft.com/dashboard/v2/customers/list');
  await wizard.evaluate((el) => el.setAttribute('relationship-url', 'https://portal.example.com/relationships'));
  await expect(link).toHaveAttribute('href', 'https://portal.example.com/relationships');
  // Only http(s) becomes a link: a javascript: URL shows none, and the host's developer is told.
  const warnings = [];
  // console.warn is type "warning" over CDP and "warn" over WebDriver BiDi (Firefox, Playwright 1.55).
  page.on('console', (message) => { if (['warning', 'warn'].includes(message.type())) warnings.push(message.text()); });
  await wizard.evaluate((el) => el.setAttribute('relationship-url', 'javascript:alert(document.domain)'));
  await expect(link).toHaveCount(0);
  await expect(wizard.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect.poll(() => warnings.join('\n')).toContain('relationship-url is not an http: or https: URL');
  await wizard.evaluate((el) => el.setAttribute('relationship-url', 'https://portal.example.com/relationships'));
  await expect(link).toHaveAttribute('href', 'https://portal.example.com/relationships');

  await wizard.getByRole('button', { name: 'Add customer' }).click();
  await wizard.getByLabel('Company legal name').fill('Contoso Pharmaceuticals Limited');

  // indirect: the portal's own checkbox adds and removes the reseller step.
  await expect(wizard.getByText('Step 1 of 3')).toBeVisible();
  await page.getByLabel('We are an indirect provider').check();
  await expect(wizard.getByText('Step 1 of 4')).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Next: Indirect reseller' })).toBeVisible();
  await page.getByLabel('We are an indirect provider').uncheck();
  await expect(wizard.getByRole('button', { name: 'Next: Subscriptions' })).toBeVisible();
  await expect(wizard.getByLabel('Company legal name')).toHaveValue('Contoso Pharmaceuticals Limited');

  // allowed-countries: the country list narrows at once.
  await wizard.evaluate((el) => el.setAttribute('allowed-countries', 'SE,NO'));
  await expect.poll(() => wizard.getByLabel('Country or region').locator('option').allTextContents())
    .toEqual(['Select a country or region', 'Norway', 'Sweden']);
  await wizard.evaluate((el) => el.removeAttribute('allowed-countries'));
  await expect.poll(() => wizard.getByLabel('Country or region').locator('option').count()).toBeGreaterThan(200);

  // storage-key: another partner signs in: their (empty) drafts, not this one; back again restores it.
  await expect.poll(() => storedDrafts(page, 'contoso-partner-42'))
    .toContain('Contoso Pharmaceuticals Limited');
  await wizard.evaluate((el) => el.setAttribute('storage-key', 'another-partner'));
  await expect(wizardHeading(page, 'Customers')).toBeVisible();
  await wizard.getByRole('button', { name: 'Add customer' }).click();
  await expect(wizard.getByLabel('Company legal name')).toHaveValue('');
  await wizard.getByLabel('Company legal name').fill('Fabrikam Holdings Limited');
  await wizard.evaluate((el) => el.setAttribute('storage-key', 'contoso-partner-42'));
  await expect(await openSavedDraft(wizard)).toHaveValue('Contoso Pharmaceuticals Limited');
  const other = await storedDrafts(page, 'another-partner');
  expect(other).toContain('Fabrikam Holdings Limited');
  expect(other).not.toContain('Contoso');

  // storage: drafts now live in session storage (none there yet); back to local finds this one again.
  await wizard.evaluate((el) => el.setAttribute('storage', 'session'));
  await expect(wizardHeading(wizard, 'Customers')).toBeVisible();
  await wizard.getByRole('button', { name: 'Add customer' }).click();
  await wizard.getByLabel('City').fill('Stockholm');
  await expect.poll(() => storedDrafts(page, 'contoso-partner-42', 'sessionStorage'))
    .toContain('Stockholm');
  await wizard.evaluate((el) => el.removeAttribute('storage'));
  await expect(await openSavedDraft(wizard)).toHaveValue('Contoso Pharmaceuticals Limited');
  await expect(wizard.getByLabel('City')).toHaveValue('');

  // api-base: pointed at the portal's own server, the wizard lists that server's customers.
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizardHeading(page, 'Customers')).toBeVisible();
  const apiRequests = [];
  page.on('request', (r) => apiRequests.push(r.url()));
  await wizard.evaluate((el, base) => el.setAttribute('api-base', base), `${portal.portalOrigin}/v1`);
  await expect.poll(() => apiRequests.some((u) => u.startsWith(`${portal.portalOrigin}/v1/customers`))).toBe(true);
  await expect(wizard.getByText('No customers yet.')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('Cancel tells the portal and keeps the draft saved', async ({ page }) => {
  await openPortal(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const wizard = page.locator('#wizard');
  await wizard.getByRole('button', { name: 'Add customer' }).click();
  await wizard.getByLabel('Company legal name').fill('Adventure Works Cycles Limited');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizardHeading(page, 'Customers')).toBeVisible();
  await expect(page.locator('#activity-log li[data-event="cancel"]')).toHaveText('wizard: Cancelled on step account');
  const [cancel] = await hostEvents(page, 'cancel');
  expect(cancel).toMatchObject({ detail: { step: 'account' }, bubbles: true, composed: true });
  expect(await storedDrafts(page, 'contoso-partner-42')).toContain('Adventure Works Cycles Limited');
});

test('the token comes from the host, is asked for again after a 401, and is never stored', async ({ page }) => {
  await openPortal(page);
  const wizard = page.locator('#wizard');
  const exchanges = [];
  page.on('response', (r) => {
    const request = r.request();
    if (r.url().startsWith(`${portal.apiOrigin}/v1/customers`) && request.method() === 'GET') {
      exchanges.push([request.headers().authorization, r.status()]);
    }
  });
  // The host's token has been revoked (the API no longer accepts it); a refresh gets a good one.
  const fresh = await page.evaluate(async (base) => {
    const { accessToken } = await (await fetch(`${base}/dev/token`, { method: 'POST' })).json();
    const el = document.getElementById('wizard');
    window.tokenCalls = [];
    el.tokenProvider = async ({ refresh }) => { window.tokenCalls.push(refresh); return refresh ? accessToken : 'revoked-token'; };
    // Mount afresh so the customer list is requested with the new provider.
    const parent = el.parentElement;
    el.remove();
    parent.append(el);
    return accessToken;
  }, portal.apiBase);
  await expect(wizardHeading(wizard, 'Customers')).toBeVisible();
  await expect(wizard.getByRole('table').or(wizard.getByText('No customers yet.'))).toBeVisible();
  await expect(wizard.getByRole('alert')).toHaveCount(0);
  expect(exchanges[0]).toEqual(['Bearer revoked-token', 401]);
  expect(exchanges).toContainEqual([`Bearer ${fresh}`, 200]);
  expect(exchanges.filter(([auth]) => auth === 'Bearer revoked-token').every(([, status]) => status === 401)).toBe(true);
  expect(await page.evaluate(() => window.tokenCalls)).toContain(true);

  // Nothing of either token in storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(fresh);
  expect(stored).not.toContain('revoked-token');
});

test('removing the element unmounts cleanly: no listeners, timers or errors left behind', async ({ page }) => {
  // Count what the wizard's code (its wasm-bindgen glue) registers on window and document, and its timers.
  await page.addInitScript(() => {
    const fromWizard = () => /add-customer-wizard/.test(new Error().stack);
    window.wizardTrace = { listeners: 0, timers: new Set() };
    for (const target of [window, document]) {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      target.addEventListener = (...args) => { if (fromWizard()) window.wizardTrace.listeners += 1; return add(...args); };
      target.removeEventListener = (...args) => { if (fromWizard()) window.wizardTrace.listeners -= 1; return remove(...args); };
    }
    const setTimer = window.setTimeout.bind(window);
    const clearTimer = window.clearTimeout.bind(window);
    window.setTimeout = (fn, ms, ...rest) => {
      if (!fromWizard()) return setTimer(fn, ms, ...rest);
      const id = setTimer((...a) => { window.wizardTrace.timers.delete(id); return typeof fn === 'function' ? fn(...a) : undefined; }, ms, ...rest);
      window.wizardTrace.timers.add(id);
      return id;
    };
    window.clearTimeout = (id) => { window.wizardTrace.timers.delete(id); return clearTimer(id); };
  });
  const errors = collectErrors(page);
  await openPortal(page);
  await page.evaluate(() => localStorage.clear());
  const wizard = page.locator('#wizard');
  await wizard.getByRole('button', { name: 'Add customer' }).click();

  // A domain check in flight when the element goes.
  let held;
  const domainAsked = new Promise((resolve) => { held = resolve; });
  await page.route('**/v1/domains/**', (route) => held(route));
  await wizard.getByLabel('Primary domain name').fill(unique('tailspin'));
  const route = await domainAsked;
  await wizard.getByLabel('Company legal name').fill('Tailspin Toys Limited'); // a save is now pending
  expect(await page.evaluate(() => window.wizardTrace.timers.size)).toBeGreaterThan(0);

  const after = await page.evaluate(() => {
    const el = document.getElementById('wizard');
    el.remove();
    return { timers: window.wizardTrace.timers.size, listeners: window.wizardTrace.listeners, children: el.shadowRoot.querySelector('.acw-root').childElementCount };
  });
  expect(after).toEqual({ timers: 0, listeners: 0, children: 0 });
  // The pending save was written before it went.
  expect(await storedDrafts(page, 'contoso-partner-42')).toContain('Tailspin Toys Limited');
  // The answer to the aborted check arrives (or not) after the wizard is gone: nothing may break.
  await route.fulfill({ status: 404 }).catch(() => {});
  await page.unroute('**/v1/domains/**');

  // A wizard put back on the page works.
  await page.evaluate(() => {
    const el = document.createElement('add-customer-wizard');
    el.id = 'wizard';
    el.setAttribute('storage-key', 'contoso-partner-42');
    el.setAttribute('api-base', new URLSearchParams(location.search).get('api'));
    el.tokenProvider = async () => (await (await fetch(`${el.getAttribute('api-base')}/dev/token`, { method: 'POST' })).json()).accessToken;
    document.querySelector('main').append(el);
  });
  await expect(wizard.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(wizard.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('mountWizard mounts into any element, updates and unmounts', async ({ page }) => {
  const errors = collectErrors(page);
  await openPortal(page);
  await page.evaluate(async (apiBase) => {
    const { mountWizard } = await import('/wizard.js');
    const slot = document.createElement('div');
    slot.id = 'slot';
    document.querySelector('main').append(slot);
    const tokenProvider = async () => (await (await fetch(`${apiBase}/dev/token`, { method: 'POST' })).json()).accessToken;
    const config = { apiBase, locale: 'sv-SE', storageKey: 'slot', tokenProvider };
    window.slotHandle = await mountWizard(slot, config);
    window.slotConfig = config;
  }, portal.apiBase);
  const slot = page.locator('#slot');
  await expect(slot.getByRole('heading', { level: 1, name: 'Kunder' })).toBeVisible();
  await page.evaluate(() => window.slotHandle.update({ ...window.slotConfig, locale: 'en-US' }));
  await expect(slot.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await slot.getByRole('button', { name: 'Add customer' }).click();
  expect((await hostEvents(page, 'step-change')).at(-1)).toMatchObject({ source: 'slot', detail: { step: 'account' } });
  await page.evaluate(() => window.slotHandle.unmount());
  await expect(slot.getByRole('heading')).toHaveCount(0);
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('start="add-customer" opens on Account info without taking focus from the portal', async ({ page }) => {
  const errors = collectErrors(page);
  await openPortal(page);
  await page.evaluate(async (apiBase) => {
    const tokenProvider = async () => (await (await fetch(`${apiBase}/dev/token`, { method: 'POST' })).json()).accessToken;
    const wizard = document.createElement('add-customer-wizard');
    wizard.id = 'direct';
    wizard.setAttribute('api-base', apiBase);
    wizard.setAttribute('storage-key', 'direct');
    wizard.setAttribute('start', 'add-customer');
    wizard.tokenProvider = tokenProvider;
    document.querySelector('main').append(wizard);
  }, portal.apiBase);
  const direct = page.locator('#direct');
  await expect(direct.getByRole('heading', { level: 1, name: 'Account info' })).toBeVisible();
  await expect(direct.getByLabel('Company legal name')).toBeEnabled();
  // While the app takes over, its copy of the screen waits hidden beside the first one: the
  // partner sees one step indicator.
  await expect(direct.getByText('Step 1 of 3').filter({ visible: true })).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  // The customer list is still one step back.
  await direct.getByRole('button', { name: 'Back' }).click();
  await expect(direct.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('screenshot of the portal in en-US', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openPortal(page, '', { lang: 'en-US' });
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(wizardHeading(page, 'Account info')).toBeVisible();
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'demo-en-US.png'), fullPage: true });
});
