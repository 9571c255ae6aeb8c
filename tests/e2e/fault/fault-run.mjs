// Fault-injection run (not a default test): randomized submits through the
// real wizard in headless Chromium against the server started with
// --fault-injection. Each draft is submitted with injected 500s, delays and
// answers dropped after commit (X-Fault on the submit requests), some with a
// double click, some with a reload while the submit is in flight. Then the
// server's customer list is compared with the drafts submitted.
//   COUNT=200 SEED=1 node tests/e2e/fault/fault-run.mjs
import { chromium } from '@playwright/test';
import { startServer, API_TOKEN } from '../support/global-setup.js';

const COUNT = Number(process.env.COUNT ?? 200);
let seed = Number(process.env.SEED ?? 1) >>> 0 || 1;
const random = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 2 ** 32; };
const today = new Date().toISOString().slice(0, 10);
const run = `fr${Date.now().toString(36)}`;

const { url, child } = await startServer(['--fault-injection']);
const auth = { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' };
// Every request (reference data too) waits a random 0..150 ms.
await fetch(`${url}/_faults`, { method: 'POST', headers: auth, body: JSON.stringify({ delayMs: 150 }) });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext({ baseURL: url })).newPage();
const faults = { 'fail-500': 0, 'drop-after-commit': 0, delay: 0, none: 0 };
let replayed = 0;
page.on('response', (r) => { if (r.url().endsWith('/v1/submissions') && r.headers()['idempotent-replayed'] === 'true') replayed += 1; });
await page.route('**/v1/submissions', (route) => {
  const r = random();
  const fault = r < 0.25 ? 'fail-500' : r < 0.45 ? 'drop-after-commit' : r < 0.6 ? `delay=${Math.floor(random() * 1500)}` : null;
  faults[fault ? fault.split('=')[0].replace(/^delay$/, 'delay') : 'none'] += 1;
  return route.continue({ headers: { ...route.request().headers(), ...(fault ? { 'x-fault': fault } : {}) } });
});

const envelope = (domainPrefix, i) => JSON.stringify({
  version: 2, id: `${run}-${i}`, savedAt: new Date().toISOString(), step: 'subscriptions', requestId: null,
  draft: {
    account: {
      companyName: 'Northwind Traders Limited', domainPrefix, culture: 'en-US', language: 'en',
      address: { country: 'US', addressLine1: '1 Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052' },
      contact: { firstName: 'Alex', lastName: 'Wilber', email: 'alex.wilber@northwindtraders.com' },
    },
    agreement: { accepted: true, signer: { firstName: 'Alex', lastName: 'Wilber', email: 'alex.wilber@northwindtraders.com' }, dateAgreed: today },
    subscriptions: [{ offerId: 'CFQ7TTC0LH18:0001', quantity: '3' }],
  },
});

const heading = (name) => page.getByRole('heading', { level: 1, name });
const submitted = [];
let doubleClicks = 0, reloads = 0, resubmits = 0, domainTakenSeen = 0, notDone = 0;
await page.goto('/');
for (let i = 0; i < COUNT; i += 1) {
  const domain = `${run}n${i}`;
  await page.evaluate(([key, text]) => { localStorage.clear(); localStorage.setItem(key, text); }, [`add-customer-wizard:default:draft:${run}-${i}`, envelope(domain, i)]);
  await page.reload();
  await page.getByRole('button', { name: /^Resume draft/ }).click();
  await heading('Subscriptions').waitFor();
  await page.getByRole('textbox', { name: /^Licenses – / }).waitFor();
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await heading('Review').waitFor();
  submitted.push(domain);
  const sent = page.waitForRequest('**/v1/submissions');
  if (random() < 0.3) { doubleClicks += 1; await page.getByRole('button', { name: 'Submit' }).dblclick(); }
  else await page.getByRole('button', { name: 'Submit' }).click();
  if (random() < 0.3) { await sent; reloads += 1; await page.reload(); }
  // Until Done: after the wizard gives up (6 lost answers in a row), the partner presses Submit again.
  for (;;) {
    const done = heading('Done');
    const unreachable = page.getByText('The server could not be reached.');
    const taken = page.getByText('This domain is already in use');
    await done.or(unreachable).or(taken.first()).waitFor({ timeout: 120_000 });
    if (await done.isVisible()) break;
    if (await taken.first().isVisible()) { domainTakenSeen += 1; notDone += 1; break; }
    resubmits += 1;
    await page.getByRole('button', { name: 'Submit' }).click();
  }
  if ((i + 1) % 25 === 0) console.error(`${i + 1}/${COUNT}`);
}
const leftover = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('add-customer-wizard:')).length);

const customers = [];
for (let offset = 0; ; offset += 1000) {
  const pageOf = await (await fetch(`${url}/v1/customers?offset=${offset}&size=1000`, { headers: auth })).json();
  customers.push(...pageOf.items.filter((c) => c.domain.startsWith(run)));
  if (pageOf.items.length < 1000) break;
}
const distinct = new Set(submitted);
const perDomain = new Map();
for (const c of customers) perDomain.set(c.domain, (perDomain.get(c.domain) ?? 0) + 1);
const duplicates = [...perDomain.values()].reduce((n, k) => n + k - 1, 0) + domainTakenSeen;
const lost = [...distinct].filter((d) => !perDomain.has(`${d}.onmicrosoft.com`)).length + notDone + leftover;
console.log(`submits ${submitted.length}: faults injected ${JSON.stringify(faults)}, double clicks ${doubleClicks}, reloads during submit ${reloads}, Submit pressed again ${resubmits}, answers replayed ${replayed}`);
console.log(`customers created ${customers.length} = distinct drafts submitted ${distinct.size}, duplicates ${duplicates}, lost drafts ${lost}`);
await browser.close();
child.kill('SIGTERM');
process.exit(customers.length === distinct.size && duplicates === 0 && lost === 0 ? 0 : 1);
