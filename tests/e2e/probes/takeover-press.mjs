// Probe (not a default test): is "Add customer", pressed on the build-time
// Customers screen at about the moment the app takes over, ever lost?
// Each load: clear storage, reload, press the button as a test does (WebDriver
// element click in WebKit, Playwright's click in Chromium), after a random
// 0..JITTER ms so presses fall before, during and after the take-over; then
// wait for Account info. Every mouse event the wizard's shadow root, the
// first screen's buttons and the host receive is logged with which screen it
// reached (build-time or app), beside when the first screen was swapped out.
// PRESS=80 holds the button down 80 ms, as a hand does (a WebDriver or
// Playwright click lets go within a few ms).
//   xvfb-run -a node tests/e2e/probes/takeover-press.mjs webkit   (LOADS=40 JITTER=0 PRESS=0)
//   node tests/e2e/probes/takeover-press.mjs chromium
// Needs a build (scripts/build). Prints one line per load and the lost rate.
import { chromium } from '@playwright/test';
import { rmSync } from 'node:fs';
import { startServer } from '../support/global-setup.js';
import { startDriver, WebDriverPage } from '../support/webdriver.js';

const engine = process.argv[2] ?? 'webkit';
const LOADS = Number(process.env.LOADS ?? 40);
const JITTER = Number(process.env.JITTER ?? 0);
const PRESS = Number(process.env.PRESS ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Installed in the page right after the reload returns (WebDriver classic has no init scripts;
// the preloaded .wasm usually takes over a little later).
function instrument() {
  const host = document.querySelector('add-customer-wizard');
  const root = host.shadowRoot;
  const log = { events: [], swappedAt: null, pendingAtSwap: null, takenOverAtInstall: performance.getEntriesByName('add-customer-wizard: take-over').length > 0 };
  window.probeLog = log;
  const first = root.querySelector('.acw-root');
  const where = (target) => {
    if (target === host) return 'host';
    if (!(target instanceof Element)) return String(target?.nodeName);
    const container = target.closest('.acw-root');
    if (!container) return 'outside';
    return container === first && !log.takenOverAtInstall ? 'build-time' : 'app';
  };
  const record = (source) => (e) => log.events.push({
    source, type: e.type, t: Math.round(performance.now()), where: where(e.target), target: `${e.target.localName ?? e.target.nodeName}:${(e.target.textContent ?? '').trim().slice(0, 20)}`,
  });
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
    root.addEventListener(type, record('shadow'), true);
    host.addEventListener(type, record('host'));
    // Events on a node removed from the tree no longer reach the shadow root.
    for (const b of first.querySelectorAll('button')) b.addEventListener(type, record('build-time button'));
  }
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.removedNodes) {
        if (n === first) {
          log.swappedAt = Math.round(performance.now());
          log.pendingAtSwap = n.querySelector('.loading')?.textContent ?? null;
        }
      }
    }
  }).observe(root, { childList: true });
  return log.takenOverAtInstall;
}

const state = () => {
  const root = document.querySelector('add-customer-wizard').shadowRoot;
  const take = performance.getEntriesByName('add-customer-wizard: take-over')[0];
  return {
    containers: root.querySelectorAll('.acw-root').length,
    h1: root.querySelector('.acw-root:not([style*="none"]) h1')?.textContent ?? null,
    takeOver: take ? [Math.round(take.startTime), Math.round(take.startTime + take.duration)] : null,
    log: window.probeLog ?? null,
  };
};

const { url, child, dataDir } = await startServer();
let page;
let close;
if (engine === 'webkit') {
  const driver = await startDriver({ env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } });
  page = await WebDriverPage.open(driver.url, { baseURL: url, engine });
  close = async () => { await page.close(); await driver.stop(); rmSync(driver.downloads, { recursive: true, force: true }); };
} else {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ baseURL: url })).newPage();
  close = () => browser.close();
}

let lost = 0;
let atRisk = 0;
let lostAtRisk = 0;
let seed = Number(process.env.SEED ?? 7) >>> 0 || 7;
const random = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 2 ** 32; };
try {
  await page.goto('/');
  for (let i = 1; i <= LOADS; i += 1) {
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const late = await page.evaluate(instrument);
    await sleep(Math.floor(random() * JITTER));
    const add = page.getByRole('button', { name: 'Add customer' });
    if (!PRESS) await add.click();
    else {
      const box = await add.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await sleep(PRESS);
      await page.mouse.up();
    }
    let s;
    for (let w = 0; w < 50; w += 1) {
      s = await page.evaluate(state);
      if (s.h1 === 'Account info') break;
      await sleep(100);
    }
    const ok = s.h1 === 'Account info';
    if (!ok) lost += 1;
    // The hazard: the button went down on the build-time screen, and the app was mounted before it came up.
    const down = s.log?.events.find((e) => e.type === 'pointerdown');
    const up = s.log?.events.find((e) => e.type === 'pointerup');
    if (down?.where === 'build-time' && s.takeOver && (!up || s.takeOver[0] <= up.t)) {
      atRisk += 1;
      if (!ok) lostAtRisk += 1;
    }
    const events = (s.log?.events ?? []).map((e) => `${e.t} ${e.type}@${e.where}(${e.source})`).join(', ');
    console.log(`${i} ${ok ? 'opened' : 'LOST  '} take-over ${JSON.stringify(s.takeOver)} swapped ${s.log?.swappedAt} pendingAtSwap ${JSON.stringify(s.log?.pendingAtSwap)}${late ? ' (took over before the press)' : ''} | ${events}${ok ? '' : ` | h1 ${JSON.stringify(s.h1)}, containers ${s.containers}`}`);
  }
} finally {
  await close();
  child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${engine}: pressed on the build-time screen while the app was being mounted in ${atRisk} loads, lost in ${lostAtRisk} of them`);
console.log(`${engine}: lost ${lost} of ${LOADS} loads (jitter 0..${JITTER} ms, ${PRESS ? `held ${PRESS} ms` : 'clicked'})`);
