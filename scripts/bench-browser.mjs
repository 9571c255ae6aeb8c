#!/usr/bin/env node
// Browser timings of the release build on the real server, in headless
// Chromium on loopback; prints medians (never asserted in tests).
//   1. navigation → first control enabled (the first screen's first button or
//      field, for a partner opening the wizard), and → Account info's first
//      field enabled (a portal opening it with start="add-customer"), ≥ 15
//      runs each, at 1× and 4× CPU
//   2. keystroke → inline message shown or cleared (after a failed continue)
//   3. offer search over 10,000 offers, per keystroke, at 4× CPU
//   4. reseller search over 1,200 resellers, per keystroke, at 4× CPU
//   5. first load over the wire: the bytes the browser received (Resource
//      Timing's encodedBodySize) for the wizard's wasm, JS and CSS
// Usage: node scripts/bench-browser.mjs [navigation|keystroke|search|resellers|transfer ...]   (after scripts/build;
//        no argument runs all)
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const RUNS = Number(process.env.RUNS ?? 21);

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
    .filter((r) => /^(add-customer-wizard(_bg)?\.(wasm|js)|wizard\.(js|css))$/.test(r.name)));
  await context.close();
  return files;
}

const { url, child } = await startServer({ extra: ['--catalog', 'large'] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const wanted = process.argv.slice(2);
const run = (name) => wanted.length === 0 || wanted.includes(name);
try {
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
    console.log(`first load over the wire (${files.map((f) => `${f.name} ${f.bytes}`).join(', ')}): ${total} bytes = ${(total / 1024).toFixed(1)} KiB (budget 80 KB)`);
  }
  if (run('resellers')) console.log(`reseller search over 1,200 resellers, 4× CPU, per keystroke: ${fmt(await resellerRuns(browser, url))} (same 16 ms frame)`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
