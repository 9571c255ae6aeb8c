#!/usr/bin/env node
// Browser timings of the release build on the real server, in headless
// Chromium; prints figures (never asserted in tests).
//   first-load  what a partner feels on opening Account info, beside the two
//               reference forms (React, plain HTML; ../shared/peers), loads
//               interleaved run by run: per network profile (loopback;
//               Fast 3G 1,600 kbit/s, 150 ms RTT; 4G 9,000 kbit/s, 60 ms),
//               at 1× and 4× CPU: first field visible, first field accepts
//               input, app ready (Continue, pressed as soon as the field
//               accepts input, shows the error summary), and the bytes
//               received before each (headers included; CDP)
//   navigation  → first control enabled (the customer list) and → Account
//               info's first field enabled (start="add-customer"), loopback,
//               at 1× and 4× CPU
//   keystroke   → inline message shown or cleared (after a failed continue)
//   search      offer search over 10,000 offers, per keystroke, at 4× CPU
//   resellers   reseller search over 1,200 resellers, per keystroke, at 4× CPU
//   transfer    the first load's bytes per file (Resource Timing's encodedBodySize)
//   repeat-visit  the first-load figures on a partner's third visit in the same
//               browser profile (HTTP cache and the engine's code caches filled
//               by the two before), /add-customer/ beside the React form;
//               loopback unless --profiles says otherwise (run only when named)
// Usage: node scripts/bench-browser.mjs [MEASURE ...] [--runs N] [--peers DIR]
//          [--profiles loopback,fast-3g,4g] [--cpu 1,4]
//        (after scripts/build; no measure runs all). --runs (or RUNS=N) is the
//        number of loads or keystroke rounds per cell, default 21; --peers
//        defaults to ../shared/peers beside the repository. --requests prints,
//        for first-load, each request's bytes received before the first field
//        accepted input (median over the runs, per form and cell).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { serveStatic } from './static-server.mjs';
import { startServer } from './server.mjs';
import { measure, report } from './size.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const MEASURES = ['first-load', 'navigation', 'keystroke', 'search', 'transfer', 'resellers', 'repeat-visit'];
const { values: options, positionals: wanted } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string' }, peers: { type: 'string' }, profiles: { type: 'string' }, cpu: { type: 'string' }, baseline: { type: 'string' }, requests: { type: 'boolean' } },
});
for (const name of wanted) {
  if (!MEASURES.includes(name)) {
    console.error(`unknown measure ${JSON.stringify(name)}: one of ${MEASURES.join(', ')}`);
    process.exit(2);
  }
}
const RUNS = Number(options.runs ?? process.env.RUNS ?? 21);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, p90 ${percentile(xs, 90).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

// Resolves when the wizard's first control (or `selector`) exists and is
// enabled: timestamp relative to navigation start.
const watchFirstControl = (selector) => `
  window.__firstField = new Promise((resolve) => {
    const find = () => {
      const host = document.querySelector('add-customer-wizard');
      const control = host && host.shadowRoot && host.shadowRoot.querySelector(${JSON.stringify(selector)});
      return control && !control.disabled ? control : null;
    };
    const tick = () => (find() ? resolve(performance.now()) : requestAnimationFrame(tick));
    new MutationObserver(() => { if (find()) resolve(performance.now()); })
      .observe(document, { subtree: true, childList: true });
    requestAnimationFrame(tick);
  });`;
const FIRST_CONTROL = '.acw-root button, .acw-root input, .acw-root select';
const COMPANY_NAME = '#f-account-companyName';
// A portal that lists customers itself opens the wizard on Account info:
// the attribute is set as the parser creates the element, before wizard.js runs.
const START_WITH_ADD_CUSTOMER = `
  new MutationObserver((_, observer) => {
    const wizard = document.querySelector('add-customer-wizard');
    if (wizard) { wizard.setAttribute('start', 'add-customer'); observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true });`;

async function navigationRuns(browser, url, throttle, { addCustomer = false } = {}) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.addInitScript((addCustomer ? START_WITH_ADD_CUSTOMER : '') + watchFirstControl(addCustomer ? COMPANY_NAME : FIRST_CONTROL));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(url, { waitUntil: 'commit' });
    times.push(await page.evaluate(() => window.__firstField));
    await context.close();
  }
  return times;
}

// Time from an input event until the page shows the result: the handler,
// every microtask it queued (Leptos applies DOM updates there), and the
// browser's style and layout of what changed. A MessageChannel message is the
// first task after those microtasks; reading a layout property there makes
// the browser lay out now, if a frame has not done it meanwhile, so either
// way the layout is counted. `expectJs` then checks the DOM really shows the
// expected state.
const MEASURE_INPUT = `async ([selector, value, expectJs]) => {
  const root = document.querySelector('add-customer-wizard').shadowRoot;
  const input = root.querySelector(selector);
  const expected = new Function('root', expectJs);
  const channel = new MessageChannel();
  const settled = new Promise((resolve) => { channel.port1.onmessage = () => { void root.host.offsetHeight; resolve(performance.now()); }; });
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  channel.port2.postMessage(0);
  const t1 = await settled;
  if (!expected(root)) throw new Error('the page did not show the expected state for ' + JSON.stringify(value));
  return t1 - t0;
}`;

async function keystrokeRuns(browser, url) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Add customer' }).click();
  await page.getByRole('button', { name: /^Next:/ }).click();
  await page.getByText('There is a problem').waitFor();
  const times = [];
  const measure = new Function(`return (${MEASURE_INPUT})`)();
  const company = page.getByLabel('Company legal name');
  const hasError = "return !!root.querySelector('#f-account-companyName-error')";
  for (let i = 0; i < RUNS; i += 1) {
    // Untimed: put the field in error (empty, then continue), as a user would meet it.
    await company.fill('');
    await page.getByRole('button', { name: /^Next:/ }).click();
    // Let the continue finish rendering (summary, messages, focus) so the
    // timed keystroke is measured alone.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Timed: a test name changes the message; a real name clears it.
    const shown = await page.evaluate(measure, ['#f-account-companyName', 'Test', `${hasError} && root.querySelector('#f-account-companyName-error').textContent.includes('test names')`]);
    const cleared = await page.evaluate(measure, ['#f-account-companyName', `Contoso Holdings ${i}`, `return !(${hasError.replace('return ', '')})`]);
    if (process.env.VERBOSE) console.log(`  message shown ${shown.toFixed(1)} ms, cleared ${cleared.toFixed(1)} ms`);
    times.push(shown, cleared);
  }
  await context.close();
  return times;
}

// Typing into a list's search box at 4× CPU, on a draft resumed at `step`:
// each word of `words` (then an empty box) typed five times over, each
// keystroke timed alone. `shows(text)` is the page check for that text.
async function listSearchRuns(browser, url, { step, indirect = false, search, ready, words, shows }) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(`localStorage.setItem('add-customer-wizard:default:draft', ${JSON.stringify(JSON.stringify({
    version: 1, savedAt: new Date().toISOString(), step,
    draft: { account: { address: { country: 'US' } } },
  }))});`);
  await page.goto(url);
  if (indirect) await page.evaluate(() => document.querySelector('add-customer-wizard').setAttribute('indirect', ''));
  await page.getByRole('button', { name: /^Resume draft/ }).click();
  await page.getByLabel(search.label).waitFor();
  await page.getByText(ready).waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const measure = new Function(`return (${MEASURE_INPUT})`)();
  const times = [];
  for (let round = 0; round < 5; round += 1) {
    for (const text of [...words, '']) {
      const check = `return root.querySelector('${search.selector}').value === ${JSON.stringify(text)} && (${shows(text)})`;
      // A typist's keystrokes are ~100 ms apart: the last one's frame has been drawn.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const t = await page.evaluate(measure, [search.selector, text, check]);
      if (process.env.VERBOSE) console.log(`  ${JSON.stringify(text)}: ${t.toFixed(1)} ms`);
      times.push(t);
    }
  }
  await context.close();
  return times;
}

const searchRuns = (browser, url) => listSearchRuns(browser, url, {
  step: 'subscriptions',
  search: { label: 'Search offers', selector: '#offer-search' },
  ready: /of 10[,.\s\u00a0\u202f]?\d{3} offers/,
  words: ['m', 'mi', 'mic', 'micr', 'micro', 'micros', 'microso', 'microsof', 'microsoft', 'microsoft 3', 'microsoft 36', 'microsoft 365'],
  shows: () => '/of [0-9][0-9,.\\s]* offers/.test(root.textContent)',
});

const resellerRuns = (browser, url) => listSearchRuns(browser, url, {
  step: 'reseller',
  indirect: true,
  search: { label: 'Search resellers', selector: '#reseller-search' },
  ready: /^Showing 25 of 1[,.\s\u00a0\u202f]?200 resellers/,
  words: ['n', 'no', 'nor', 'nord', 'nordi', 'nordic', 'nordic ', 'nordic c', 'nordic cl', 'nordic clo', 'nordic cloud'],
  // The first rows shown all contain what was typed.
  shows: (text) => `[...root.querySelectorAll('input[type=radio]')].slice(0, 5).every((r) => r.labels[0].textContent.toLowerCase().includes(${JSON.stringify(text.trim())}))`,
});

async function transferred(browser, url) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(START_WITH_ADD_CUSTOMER + watchFirstControl(COMPANY_NAME));
  await page.goto(url);
  await page.evaluate(() => window.__firstField);
  const files = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((r) => ({ name: new URL(r.name).pathname.split('/').pop(), bytes: r.encodedBodySize }))
    .filter((r) => /^(add-customer-wizard(_bg)?\.(wasm|js)|wizard\.(js|css)|add-customer-wizard_split\.js|.*\.wasm)$/.test(r.name)));
  await context.close();
  return files;
}

// ---- First load under network profiles, beside the reference forms ----

const PROFILES = {
  loopback: { name: 'loopback', network: null },
  'fast-3g': { name: 'Fast 3G (1,600 kbit/s, 150 ms RTT)', network: { kbps: 1600, latency: 150 } },
  '4g': { name: '4G (9,000 kbit/s, 60 ms RTT)', network: { kbps: 9000, latency: 60 } },
};
const TIMEOUT_MS = 30_000;

// In the page, from its first script on: times (performance.now()) when the
// first field is visible (laid out, not hidden), when it accepts input (and
// is not disabled, read-only or inert), and, for forms with a Continue, when
// the error summary shows after Continue was pressed at the first chance a
// user has: in the first task after the frame that draws the field. Checked
// on every DOM change (shadow roots included) and every frame.
const watchFirstLoad = (form) => `(() => {
  const form = ${JSON.stringify({ host: form.host ?? null, field: form.field, continueButton: form.continueButton ?? null, summary: form.summary ?? null })};
  const marks = (window.__firstLoadMarks = {});
  let done;
  window.__firstLoad = new Promise((resolve) => { done = resolve; });
  const scope = () => (form.host ? document.querySelector(form.host)?.shadowRoot : document);
  const find = (selector) => scope()?.querySelector(selector) ?? null;
  const visible = (el) => !!el && el.isConnected && el.getClientRects().length > 0
    && el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
  const acceptsInput = (el) => visible(el) && el.matches(':read-write') && !el.closest('[inert]');
  let pressed = false;
  let finished = false;
  const observer = new MutationObserver(() => check());
  const finish = () => { finished = true; observer.disconnect(); done(marks); };
  const press = () => {
    const button = find(form.continueButton);
    if (!visible(button)) { requestAnimationFrame(() => setTimeout(press)); return; }
    pressed = true;
    marks.pressed = performance.now();
    button.click();
    check();
  };
  // A shadow root the page declared in its HTML (no attachShadow call) is watched once found.
  const watched = new WeakSet();
  function check() {
    if (finished || (marks.input !== undefined && !pressed)) return;
    const now = performance.now();
    const scoped = scope();
    if (scoped && scoped !== document && !watched.has(scoped)) { watched.add(scoped); observe(scoped); }
    const field = find(form.field);
    if (marks.visible === undefined && visible(field)) marks.visible = now;
    if (marks.visible !== undefined && marks.input === undefined && acceptsInput(field)) {
      marks.input = now;
      if (form.continueButton) requestAnimationFrame(() => setTimeout(press));
      else finish();
    }
    if (pressed && marks.ready === undefined && visible(find(form.summary))) {
      marks.ready = now;
      finish();
    }
  }
  const observe = (node) => observer.observe(node, { subtree: true, childList: true, attributes: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { const root = attachShadow.call(this, init); watched.add(root); observe(root); return root; };
  observe(document);
  const tick = () => { if (!finished) { check(); requestAnimationFrame(tick); } };
  requestAnimationFrame(tick);
})();`;

// Every response's bytes as received (CDP encodedDataLength: headers and
// body, compressed as sent) with the browser's timestamps, so the bytes
// received before any moment of the page can be summed.
function recordTraffic(cdp) {
  // Chromium reports no compressed size for a document's chunks (encodedDataLength 0),
  // only its total when it has finished: the share of that total received by `at` is
  // estimated from the decoded bytes, so a page still arriving is not counted as empty.
  const unreportedBodyBefore = (r, at) => {
    if (!r.finished || r.chunks.some((c) => c.bytes > 0)) return 0;
    const decodedTotal = r.chunks.reduce((sum, c) => sum + (c.decoded ?? 0), 0);
    if (!decodedTotal) return 0;
    const decodedBefore = r.chunks.reduce((sum, c) => sum + (c.at <= at ? c.decoded ?? 0 : 0), 0);
    return Math.round((r.finished.bytes - (r.headers?.bytes ?? 0)) * (decodedBefore / decodedTotal));
  };
  const requests = new Map();
  const entry = (id) => requests.get(id) ?? requests.set(id, { chunks: [] }).get(id);
  cdp.on('Network.responseReceived', (e) => {
    const r = entry(e.requestId);
    r.url = e.response.url;
    r.headers = { at: e.timestamp, bytes: e.response.encodedDataLength ?? 0 };
    r.timing = e.response.timing;
    r.document = e.type === 'Document';
  });
  cdp.on('Network.dataReceived', (e) => entry(e.requestId).chunks.push({ at: e.timestamp, bytes: e.encodedDataLength, decoded: e.dataLength }));
  cdp.on('Network.loadingFinished', (e) => { entry(e.requestId).finished = { at: e.timestamp, bytes: e.encodedDataLength }; });
  return {
    // Seconds on the browser's clock at the page's performance.now() = `ms`:
    // the document's request started at its navigation timing's requestStart.
    clock(navigationRequestStart) {
      const timing = [...requests.values()].find((r) => r.document && r.timing)?.timing;
      return timing && ((ms) => timing.requestTime + (timing.sendStart + ms - navigationRequestStart) / 1000);
    },
    bytesBefore(at) {
      return this.perRequestBefore(at).reduce((total, r) => total + r.bytes, 0);
    },
    // Each request's bytes received by `at` (its URL's path).
    perRequestBefore(at) {
      const list = [];
      for (const r of requests.values()) {
        let bytes = 0;
        if (r.finished && r.finished.at <= at) bytes = r.finished.bytes;
        else {
          if (r.headers && r.headers.at <= at) bytes += r.headers.bytes;
          for (const c of r.chunks) if (c.at <= at) bytes += c.bytes;
          bytes += unreportedBodyBefore(r, at);
        }
        if (bytes) list.push({ path: r.url ? new URL(r.url).pathname : '?', bytes });
      }
      return list;
    },
  };
}

// Waits for the watcher's marks (or the timeout) in the page.
const firstLoadMarks = (page) => page.evaluate((timeout) => Promise.race([
  window.__firstLoad,
  new Promise((resolve) => { setTimeout(() => resolve(window.__firstLoadMarks), timeout); }),
]).then((marks) => ({ marks: { ...marks }, requestStart: performance.getEntriesByType('navigation')[0].requestStart })), TIMEOUT_MS);

// One timed load of `form` in a fresh browser profile; with `visitsBefore`,
// that many untimed visits first, in the same profile (a partner who opens
// the form every day: the HTTP cache and the code caches are warm).
async function firstLoadRun(browser, form, { network, cpu, visitsBefore = 0 }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (process.env.VERBOSE) {
      page.on('pageerror', (error) => console.error(`\n  ${form.name}: page error: ${error.message}`));
      page.on('console', (message) => { if (message.type() === 'error') console.error(`\n  ${form.name}: console: ${message.text()}`); });
    }
    await page.addInitScript((form.init ?? '') + watchFirstLoad(form));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (network) {
      const bytesPerSecond = (network.kbps * 1000) / 8;
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: network.latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond,
      });
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    for (let visit = 0; visit < visitsBefore; visit += 1) {
      await page.goto(form.url, { waitUntil: 'commit' });
      await firstLoadMarks(page);
      // Time for the engine to write its code caches (after a load, when idle).
      await page.waitForTimeout(1500);
    }
    // Only the timed visit's traffic counts.
    const traffic = recordTraffic(cdp);
    await page.goto(form.url, { waitUntil: 'commit' });
    const { marks, requestStart } = await firstLoadMarks(page);
    if (process.env.VERBOSE && marks.ready === undefined && form.continueButton) {
      const state = await page.evaluate((host) => {
        const root = host && document.querySelector(host)?.shadowRoot;
        const takeOver = performance.getEntriesByName('add-customer-wizard: take-over')[0];
        return root && { takeOver: takeOver && [takeOver.startTime, takeOver.startTime + takeOver.duration], defined: !!customElements.get(host), containers: root.querySelectorAll('.acw-root').length, loading: root.querySelectorAll('.loading').length, buttons: [...root.querySelectorAll('button')].map((b) => b.textContent) };
      }, form.host ?? null);
      console.error(`\n  ${form.name}: not ready in ${TIMEOUT_MS} ms: ${JSON.stringify(marks)} ${JSON.stringify(state)}`);
    }
    const clock = traffic.clock(requestStart);
    const result = {};
    for (const mark of ['visible', 'input', 'ready']) {
      if (marks[mark] === undefined) continue;
      result[mark] = marks[mark];
      if (clock) result[`${mark}Bytes`] = traffic.bytesBefore(clock(marks[mark]));
    }
    if (clock && marks.input !== undefined) result.requests = traffic.perRequestBefore(clock(marks.input));
    return result;
  } finally {
    await context.close();
  }
}

const FIRST_LOAD_COLUMNS = [
  { key: 'visible', title: 'first field visible' },
  { key: 'input', title: 'accepts input' },
  { key: 'ready', title: 'app ready (Continue validates)' },
];

// Median (and p90) of the runs that reached `key`; says how many did not.
function cellStats(runs, key) {
  const xs = runs.map((r) => r[key]).filter((x) => x !== undefined);
  return { median: xs.length ? median(xs) : undefined, p90: xs.length ? percentile(xs, 90) : undefined, missing: runs.length - xs.length, n: xs.length };
}
const ms = (x) => Math.round(x).toLocaleString('en-US');
const kb = (x) => (x / 1000).toFixed(1);
const ratio = (a, b) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '—');
const missingNote = (s) => (s.missing ? ` (${s.missing} never)` : '');

function printFirstLoadTable(profile, cpu, forms, results) {
  console.log(`\n#### ${profile.name}, ${cpu}× CPU`);
  console.log(`| form | ${FIRST_LOAD_COLUMNS.map((c) => `${c.title}, ms median / p90`).join(' | ')} | ${FIRST_LOAD_COLUMNS.map((c) => `KB before ${c.key === 'ready' ? 'ready' : c.key}`).join(' | ')} |`);
  console.log(`|---|${FIRST_LOAD_COLUMNS.map(() => '---:|').join('')}${FIRST_LOAD_COLUMNS.map(() => '---:|').join('')}`);
  const stats = {};
  for (const form of forms) {
    const runs = results.get(form.name);
    const s = (stats[form.name] = Object.fromEntries([...FIRST_LOAD_COLUMNS.map((c) => c.key), ...FIRST_LOAD_COLUMNS.map((c) => `${c.key}Bytes`)].map((k) => [k, cellStats(runs, k)])));
    const times = FIRST_LOAD_COLUMNS.map(({ key }) => (key === 'ready' && !form.continueButton ? '— (no script)'
      : s[key].n ? `${ms(s[key].median)} / ${ms(s[key].p90)}${missingNote(s[key])}` : 'never'));
    const bytes = FIRST_LOAD_COLUMNS.map(({ key }) => (s[`${key}Bytes`].n ? kb(s[`${key}Bytes`].median) : '—'));
    console.log(`| ${form.name} | ${times.join(' | ')} | ${bytes.join(' | ')} |`);
  }
  const react = stats[REACT];
  for (const name of react ? [WIZARD, WIZARD_SCRIPTED, EMBEDDED, BASELINE, BASELINE_EMBEDDED].filter((n) => stats[n]) : []) {
    const cells = FIRST_LOAD_COLUMNS.map(({ key }) => ratio(stats[name][key].median, react[key].median));
    const bytes = FIRST_LOAD_COLUMNS.map(({ key }) => ratio(stats[name][`${key}Bytes`].median, react[`${key}Bytes`].median));
    console.log(`| ${name} ÷ React | ${cells.join(' | ')} | ${bytes.join(' | ')} |`);
  }
  if (options.requests) {
    for (const form of forms) {
      const byPath = new Map();
      for (const run of results.get(form.name)) for (const r of run.requests ?? []) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.bytes]);
      const runs = results.get(form.name).filter((r) => r.requests).length;
      // A request missing from a run counts as 0 bytes in that run.
      const rows = [...byPath].map(([p, xs]) => [p, median([...xs, ...Array(runs - xs.length).fill(0)])]).filter(([, b]) => b > 0);
      console.log(`\n${form.name}, bytes received before the first field accepts input, per request (median of ${runs} runs): `
        + rows.map(([p, b]) => `${p} ${kb(b)} KB`).join(', '));
    }
  }
  return stats;
}

const REACT = 'React 19 form';
const WIZARD = 'wizard';
const WIZARD_SCRIPTED = 'wizard, start set as the element is parsed';
const EMBEDDED = 'wizard in the demo portal';
const BASELINE = 'baseline build (--baseline)';
const BASELINE_EMBEDDED = 'baseline build in the demo portal';

// One cell per network profile (--profiles, else `defaultProfiles`) and CPU
// rate (--cpu), each with an empty list of results per form.
function firstLoadCells(forms, defaultProfiles) {
  const profiles = (options.profiles ?? defaultProfiles).split(',').map((key) => {
    if (!PROFILES[key]) throw new Error(`unknown profile ${key}: one of ${Object.keys(PROFILES).join(', ')}`);
    return PROFILES[key];
  });
  const cpus = (options.cpu ?? '1,4').split(',').map(Number);
  return profiles.flatMap((profile) => cpus.map((cpu) => ({ profile, cpu, results: new Map(forms.map((f) => [f.name, []])) })));
}

// RUNS timed loads of every form in every cell, into the cells' results.
async function runInterleaved(browser, forms, cells, label, { visitsBefore = 0 } = {}) {
  const started = Date.now();
  for (let run = 0; run < RUNS; run += 1) {
    for (const cell of cells) {
      // Interleaved, in a rotating order: the machine's noise falls on every form alike.
      for (let i = 0; i < forms.length; i += 1) {
        const form = forms[(run + i) % forms.length];
        const result = await firstLoadRun(browser, form, { network: cell.profile.network, cpu: cell.cpu, visitsBefore }).catch((error) => {
          // One failed load counts as "never" in its cell; the run goes on.
          console.error(`\n  ${form.name}, ${cell.profile.name}, ${cell.cpu}× CPU: ${error.message.split('\n')[0]}`);
          return {};
        });
        cell.results.get(form.name).push(result);
      }
    }
    process.stderr.write(`\r  ${label}: run ${run + 1} of ${RUNS} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  process.stderr.write('\n');
}

async function firstLoad(browser, wizardUrl) {
  const peersDir = path.resolve(options.peers ?? path.join(root, '../shared/peers'));
  const wizard = { init: START_WITH_ADD_CUSTOMER, host: 'add-customer-wizard', field: COMPANY_NAME, continueButton: 'form button[type=submit]', summary: '.error-summary' };
  // The standalone page that opens on Account info (/add-customer/: its first
  // screen is in the HTML); the standalone page / with `start` set by a script
  // as the parser creates the element (its HTML declares the customer list,
  // so wizard.js shows Account info); and a portal that embeds the wizard with
  // one module tag (the demo host page).
  const addCustomerPage = (dist) => existsSync(path.join(dist, 'add-customer/index.html'));
  const forms = [
    ...(addCustomerPage(path.join(root, 'dist'))
      ? [{ ...wizard, init: '', name: WIZARD, url: `${wizardUrl}/add-customer/` }, { ...wizard, name: WIZARD_SCRIPTED, url: `${wizardUrl}/` }]
      : [{ ...wizard, name: WIZARD, url: `${wizardUrl}/` }]),
    { ...wizard, name: EMBEDDED, url: `${wizardUrl}/demo/` },
  ];
  const servers = [];
  if (options.baseline) {
    // Another build of the app (e.g. main's dist/) in the same run, interleaved: before and after from one run.
    const baseline = await startServer({ dist: path.resolve(options.baseline), extra: ['--catalog', 'large'] });
    servers.push({ close: async () => baseline.child.kill('SIGTERM') });
    forms.push(
      addCustomerPage(path.resolve(options.baseline))
        ? { ...wizard, init: '', name: BASELINE, url: `${baseline.url}/add-customer/` }
        : { ...wizard, name: BASELINE, url: `${baseline.url}/` },
      { ...wizard, name: BASELINE_EMBEDDED, url: `${baseline.url}/demo/` },
    );
  }
  if (existsSync(path.join(peersDir, 'react-form/index.html')) && existsSync(path.join(peersDir, 'static-form/index.html'))) {
    const react = await serveStatic(path.join(peersDir, 'react-form'));
    const plain = await serveStatic(path.join(peersDir, 'static-form'));
    servers.push(react, plain);
    forms.push(
      { name: REACT, url: `${react.url}/`, field: '#companyName', continueButton: 'form button[type=submit]', summary: '.error-summary' },
      // No script: nothing validates, so no "app ready".
      { name: 'static HTML form', url: `${plain.url}/`, field: '#companyName' },
    );
  } else {
    console.log(`\nThe reference forms are not at ${peersDir} (react-form/, static-form/; pass --peers DIR):`
      + ' measuring the wizard alone, with no ratios.');
  }
  const cells = firstLoadCells(forms, 'loopback,fast-3g,4g');
  try {
    // Untimed: the browser's first page loads are slower than any later one.
    for (const form of forms) await firstLoadRun(browser, form, { network: null, cpu: 1 });
    await runInterleaved(browser, forms, cells, 'first load');
  } finally {
    for (const server of servers) await server.close();
  }

  // The files' sizes, so the timings can be read beside them.
  for (const [label, dist] of [[WIZARD, path.join(root, 'dist')], ...(options.baseline ? [[BASELINE, path.resolve(options.baseline)]] : [])]) {
    console.log(`\n### Sizes of the ${label} files (${dist}; bytes)\n\n\`\`\`\n${report(dist, measure(dist)).join('\n')}\n\`\`\``);
  }
  console.log(`\n### First load, Account info's first field (n=${RUNS} loads per form and cell, interleaved; KB = 1,000 bytes received, headers included)`);
  const summary = [];
  for (const cell of cells) summary.push({ ...cell, stats: printFirstLoadTable(cell.profile, cell.cpu, forms, cell.results) });
  if (!forms.some((f) => f.name === REACT)) return;
  // The issue's budgets, as figures to read (nothing here passes or fails).
  const find = (key, cpu) => summary.find((c) => c.profile === PROFILES[key] && c.cpu === cpu);
  const inputRatios = [['loopback', 1, 'loopback'], ['loopback', 4, '4× CPU'], ['fast-3g', 1, 'Fast 3G']]
    .map(([key, cpu, label]) => { const c = find(key, cpu); return c && `${label} ${ratio(c.stats[WIZARD].input.median, c.stats[REACT].input.median)}`; })
    .filter(Boolean);
  console.log('\nBudgets (figures only):');
  if (inputRatios.length) console.log(`- first field accepts input, wizard ÷ React: ${inputRatios.join(', ')} (budget ≤ 0.50×)`);
  const slow = find('loopback', 4);
  if (slow) console.log(`- app ready at 4× CPU ÷ React's first field accepting input at 4× CPU: ${ratio(slow.stats[WIZARD].ready.median, slow.stats[REACT].input.median)} (budget ≤ 1.00×)`);
  const fast3g = find('fast-3g', 1);
  if (fast3g && fast3g.stats[WIZARD].ready.n) console.log(`- app ready on Fast 3G: ${ms(fast3g.stats[WIZARD].ready.median)} ms (budget ≤ 1,600 ms)`);
  // On loopback everything requested early has arrived by then, needed or not:
  // the slow network shows what the first field waits for.
  const bytes = summary.filter((c) => c.stats[WIZARD].inputBytes.n)
    .map((c) => `${c.profile.name.split(' (')[0]} ${c.cpu}× ${kb(c.stats[WIZARD].inputBytes.median)} KB`);
  if (bytes.length) console.log(`- bytes received before the first field accepts input: ${bytes.join(', ')} (budget ≤ 30 KB)`);
}

// First-load figures on a repeat visit (the third in one browser profile), the
// wizard's /add-customer/ beside the React form, interleaved.
async function repeatVisit(browser, wizardUrl) {
  const peersDir = path.resolve(options.peers ?? path.join(root, '../shared/peers'));
  if (!existsSync(path.join(peersDir, 'react-form/index.html'))) {
    console.log(`\nrepeat-visit: the React form is not at ${peersDir}/react-form (pass --peers DIR); skipped.`);
    return;
  }
  const react = await serveStatic(path.join(peersDir, 'react-form'));
  const forms = [
    { name: WIZARD, url: `${wizardUrl}/add-customer/`, host: 'add-customer-wizard', field: COMPANY_NAME, continueButton: 'form button[type=submit]', summary: '.error-summary' },
    { name: REACT, url: `${react.url}/`, field: '#companyName', continueButton: 'form button[type=submit]', summary: '.error-summary' },
  ];
  const cells = firstLoadCells(forms, 'loopback');
  try {
    await runInterleaved(browser, forms, cells, 'repeat visit', { visitsBefore: 2 });
  } finally {
    await react.close();
  }
  console.log(`\n### Repeat visit: the third load in one browser profile, Account info's first field (n=${RUNS} per form and cell, interleaved)`);
  for (const cell of cells) printFirstLoadTable(cell.profile, cell.cpu, forms, cell.results);
}

const { url, child } = await startServer({ extra: ['--catalog', 'large'] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const run = (name) => wanted.length === 0 || wanted.includes(name);
try {
  if (run('first-load')) await firstLoad(browser, url);
  if (run('navigation')) {
    console.log(`navigation → first control enabled, 1× CPU: ${fmt(await navigationRuns(browser, url, 1))} (budget 180 ms)`);
    console.log(`navigation → first control enabled, 4× CPU: ${fmt(await navigationRuns(browser, url, 4))} (budget 670 ms)`);
    console.log(`navigation → Account info's first field enabled (start="add-customer"), 1× CPU: ${fmt(await navigationRuns(browser, url, 1, { addCustomer: true }))} (budget 180 ms)`);
    console.log(`navigation → Account info's first field enabled (start="add-customer"), 4× CPU: ${fmt(await navigationRuns(browser, url, 4, { addCustomer: true }))} (budget 670 ms)`);
  }
  if (run('keystroke')) console.log(`keystroke → inline message shown or cleared: ${fmt(await keystrokeRuns(browser, url))} (budget 3 ms)`);
  if (run('search')) console.log(`offer search over 10,000 offers, 4× CPU, per keystroke: ${fmt(await searchRuns(browser, url))} (budget 16 ms)`);
  if (run('transfer')) {
    const files = await transferred(browser, url);
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    // Everything the app fetched by the time Account info's first field was usable
    // (the budget of 30 KB before input is printed by first-load, per network).
    console.log(`first load over the wire (${files.map((f) => `${f.name} ${f.bytes}`).join(', ')}): ${total} bytes = ${(total / 1000).toFixed(1)} KB`);
  }
  if (wanted.includes('repeat-visit')) await repeatVisit(browser, url);
  if (run('resellers')) console.log(`reseller search over 1,200 resellers, 4× CPU, per keystroke: ${fmt(await resellerRuns(browser, url))} (same 16 ms frame)`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
