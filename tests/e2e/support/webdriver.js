// The WebDriver half of the test adapter: a `page` with the part of
// Playwright's Page and Locator API the specs use (open, find by role, label
// and text, fill, click, read text, evaluate, keyboard, screenshots), driven
// over W3C WebDriver classic. It lets the same specs run in WebKitGTK
// (WebKitWebDriver), which Playwright cannot drive. What WebDriver classic has
// no command for is done by the browser's HTTP proxy (support/gate.js):
// holding, altering, answering or failing requests, hearing of requests and
// responses, and scripts that run before the page's own. A further page of
// the test (`context.newPage()`) is another window of the same session. What
// neither can do (going offline) throws, and the specs that need it say so
// for that engine (see README, "Supported browsers").
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findInPage } from './find.js';
import { freePort } from './portal.js';
import { nextDownload } from './downloads.js';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const ACTION_TIMEOUT = 15_000;
const NAVIGATION_TIMEOUT = 30_000;
const EXPECT_TIMEOUT = 10_000;

export class Unsupported extends Error {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a WebDriver server (WebKitWebDriver by default); `stop()` ends it by its pid. */
export async function startDriver({ binary = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver', env = {} } = {}) {
  const port = await freePort();
  // A home of its own: the browser's profile, and where it saves downloads.
  const home = mkdtempSync(path.join(tmpdir(), 'acw-webdriver-'));
  const child = spawn(binary, [`--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: home, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  return {
    url,
    downloads: home,
    pid: child.pid,
    /** The driver's last output, for a failure message. */
    output: () => stderr.trim(),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

class WebDriverError extends Error {
  constructor(status, value) {
    super(`${value?.error ?? status}: ${value?.message ?? ''}`.trim());
    this.code = value?.error;
  }
}

/** One WebDriver session: HTTP commands. */
class Session {
  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
    this.driverUrl = driverUrl;
    /** Commands sent and not yet answered. */
    this.busy = 0;
  }

  /** Starts the browser; gives up after `timeout` ms (the caller then replaces the driver).
   * `proxy`: the host:port every request of the browser goes through. `javaScript: false`:
   * the page's scripts turned off (the adapter's own still run: WebKit runs them in a world
   * of their own). */
  static async create(driverUrl, { proxy, javaScript = true, timeout = 45_000 } = {}) {
    const r = await fetch(`${driverUrl}/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      // "none": a navigation's command returns at once and the adapter waits as the
      // test asks (goto's waitUntil). With "normal", WebKitWebDriver holds every
      // command until the page has loaded, and a test that holds a preloaded
      // file back (support/gate.js) could then not act on the page meanwhile.
      body: JSON.stringify({ capabilities: { alwaysMatch: {
        pageLoadStrategy: 'none',
        ...(proxy ? { proxy: { proxyType: 'manual', httpProxy: proxy, noProxy: [] } } : {}),
        ...(javaScript ? {} : { 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation', '--enable-javascript=false'] } }),
      } } }),
      signal: AbortSignal.timeout(timeout),
    });
    const body = await r.json();
    if (!r.ok) throw new WebDriverError(r.status, body.value);
    return new Session(driverUrl, body.value.sessionId);
  }

  /** `window`: the handle of the window the command is for; the session switches to it first
   * (each page of a test is a window of the one session, and so shares its storage). */
  async cmd(method, path, body, window) {
    // One command at a time, in the order sent (the adapter asks for the page's messages meanwhile).
    this.busy += 1;
    const request = (m, p, b) => fetch(`${this.base}${p}`, {
      method: m, headers: { 'Content-Type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b),
    });
    const send = async () => {
      if (window && window !== this.window) {
        const switched = await request('POST', '/window', { handle: window });
        if (!switched.ok) return [switched, await switched.text()];
        this.window = window;
      }
      const answer = await request(method, path, body);
      return [answer, await answer.text()];
    };
    const sent = (this.last ?? Promise.resolve()).then(send, send);
    this.last = sent.catch(() => {});
    let r;
    let text;
    try {
      [r, text] = await sent;
    } finally {
      this.busy -= 1;
    }
    const value = text ? JSON.parse(text).value : null;
    if (!r.ok) throw new WebDriverError(r.status, value);
    return value;
  }

  delete() { return fetch(this.base, { method: 'DELETE' }).catch(() => {}); }

  /** The session as one of its windows sees it: every command goes to that window. */
  inWindow(handle) {
    const session = this;
    return {
      get busy() { return session.busy; },
      cmd: (method, path, body) => session.cmd(method, path, body, handle),
      // The last window closes the session with it.
      delete: async () => {
        const left = await session.cmd('DELETE', '/window', undefined, handle).catch(() => []);
        if (!left.length) await session.delete();
      },
    };
  }
}

// --- values across the wire --------------------------------------------------

const isElementRef = (v) => v && typeof v === 'object' && ELEMENT in v;

function toWire(arg) {
  if (arg instanceof RegExp) return { regex: arg.source, flags: arg.flags.replace('g', '') };
  if (arg instanceof WebDriverHandle) return { __acwHandle: arg.index };
  return arg;
}

/** An element kept by the page itself (`locator.elementHandle()`): unlike a WebDriver
 * element reference it can still be handed to a script once it has left the document. */
class WebDriverHandle {
  constructor(page, index) { this.page = page; this.index = index; }
  evaluate(fn, arg) { return this.page.run(fn, arg === undefined ? [toWire(this)] : [toWire(this), toWire(arg)]); }
}

// The page-side wrapper: runs `fn` with arguments, resolves promises, and
// reports errors as values (so an exception in the page is the test's error).
const RUNNER = `
  const done = arguments[arguments.length - 1];
  const args = Array.prototype.slice.call(arguments, 0, -1).map((a) => (a && typeof a === 'object'
    && Object.keys(a).length === 1 && '__acwHandle' in a ? window.__acwHandles[a.__acwHandle] : a));
  const findInPage = ${findInPage.toString()};
  const collect = () => {
    const e = window.__acwErrors ? window.__acwErrors.splice(0) : [];
    return e;
  };
  try {
    Promise.resolve((__FN__).apply(null, args)).then(
      (value) => done({ ok: true, value: value === undefined ? null : value, undefined: value === undefined, errors: collect() }),
      (error) => done({ ok: false, error: String(error && error.stack || error), errors: collect() }));
  } catch (error) { done({ ok: false, error: String(error && error.stack || error), errors: collect() }); }
`;

// Installed after every navigation: uncaught errors and console.error, for collectErrors().
function installErrorCollector() {
  if (window.__acwErrors) return;
  window.__acwErrors = [];
  window.addEventListener('error', (e) => window.__acwErrors.push({ kind: 'pageerror', text: e.message }));
  window.addEventListener('unhandledrejection', (e) => window.__acwErrors.push({ kind: 'pageerror', text: String(e.reason) }));
  for (const [level, type] of [['error', 'error'], ['warn', 'warning']]) {
    const original = console[level];
    console[level] = (...args) => { window.__acwErrors.push({ kind: 'console', type, text: args.map(String).join(' ') }); original.apply(console, args); };
  }
}

const KEYS = {
  Tab: '\uE004', Enter: '\uE007', Space: ' ', Backspace: '\uE003', Delete: '\uE017', Escape: '\uE00C',
  ArrowDown: '\uE015', ArrowUp: '\uE013', ArrowLeft: '\uE012', ArrowRight: '\uE014', Home: '\uE011', End: '\uE010',
  Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D', PageDown: '\uE00F', PageUp: '\uE00E',
};
const keyValue = (k) => KEYS[k] ?? (k.length === 1 ? k : (() => { throw new Error(`unknown key ${k}`); })());

/** The browser WebKitWebDriver starts (named only to give it arguments): Debian's, for this machine's architecture. */
function miniBrowser() {
  if (process.env.WEBKIT_BROWSER) return process.env.WEBKIT_BROWSER;
  const found = readdirSync('/usr/lib').map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`).find((file) => existsSync(file));
  if (!found) throw new Error('the MiniBrowser of webkit2gtk-4.1 is not under /usr/lib/<architecture>/ (set WEBKIT_BROWSER)');
  return found;
}

/** The fake timers Playwright puts into a page for `page.clock` (its own
 * script, read from the installed playwright-core, which does not export it). */
const CLOCK_SOURCE = (() => {
  const require = createRequire(import.meta.url);
  const core = path.dirname(require.resolve('playwright-core/package.json'));
  return require(path.join(core, 'lib/generated/clockSource.js')).source;
})();

/** Playwright's `page.clock`, the part the specs use, with Playwright's own
 * fake timers: `install()` before the page loads (they are put in before the
 * page's scripts, as Playwright does), then `pauseAt()` and `resume()` on the
 * page as it is (a later navigation starts with the clock running). */
class WebDriverClock {
  #page;
  constructor(page) { this.#page = page; }
  async install({ time = Date.now() } = {}) {
    await this.#page.addInitScript(`(() => {
      const module = {};
      ${CLOCK_SOURCE}
      if (!globalThis.__pwClock) globalThis.__pwClock = (module.exports.inject())(globalThis);
      globalThis.__pwClock.controller.install(${Number(time)});
    })();`);
  }
  async pauseAt(time) { await this.#page.evaluate((at) => globalThis.__pwClock.controller.pauseAt(at), Number(time)); }
  async resume() { await this.#page.evaluate(() => globalThis.__pwClock.controller.resume()); }
}

export class WebDriverPage {
  /** `gate`: the browser's proxy (support/gate.js). */
  constructor(session, { baseURL, gate, engine, downloads }) {
    this.session = session;
    this.downloads = downloads;
    this.gate = gate;
    this.baseURL = baseURL;
    this.engine = engine;
    this.listeners = { console: [], pageerror: [] };
    // Playwright's page.request, for reading what the server sends (straight from it, past any route).
    this.request = {
      get: async (url) => {
        const response = await fetch(new URL(url, baseURL));
        const body = Buffer.from(await response.arrayBuffer());
        return {
          status: () => response.status, ok: () => response.ok, headers: () => Object.fromEntries(response.headers),
          body: async () => body, text: async () => body.toString('utf8'), json: async () => JSON.parse(body.toString('utf8')),
        };
      },
    };
    this.keyboard = {
      press: (combo) => this.#keys(combo.split('+').map(keyValue)),
      type: async (text) => {
        const actions = [];
        for (const ch of text) actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
        await this.#actions(actions);
      },
      // Held until `up`: the press can span what the page does meanwhile.
      down: (key) => this.#input('key', 'keyboard', [{ type: 'keyDown', value: keyValue(key) }]),
      up: (key) => this.#input('key', 'keyboard', [{ type: 'keyUp', value: keyValue(key) }]),
    };
    this.clock = new WebDriverClock(this);
    this.mouse = {
      move: (x, y) => this.#input('pointer', 'mouse', [{ type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y), duration: 0 }]),
      down: () => this.#input('pointer', 'mouse', [{ type: 'pointerDown', button: 0 }]),
      up: () => this.#input('pointer', 'mouse', [{ type: 'pointerUp', button: 0 }]),
    };
  }

  static async open(driverUrl, options) {
    const session = await Session.create(driverUrl, { proxy: options.gate.address, javaScript: options.javaScript });
    session.window = await session.cmd('GET', '/window');
    return WebDriverPage.#inWindow(session, session.window, options);
  }

  /** Another page of the same browser (`context.newPage()`): a new window of the session,
   * its viewport this page's. */
  async newPage() {
    const { handle } = await this.session.cmd('POST', '/window/new', { type: 'tab' });
    return WebDriverPage.#inWindow(this.root, handle, this.options, this.viewport);
  }

  static async #inWindow(session, handle, options, viewport = { width: 1280, height: 720 }) {
    const page = new WebDriverPage(session.inWindow(handle), options);
    page.root = session;
    page.options = options;
    (session.pages ??= []).push(page);
    await page.setViewportSize(viewport);
    return page;
  }

  async close() {
    clearInterval(this.listening);
    await this.session.delete();
  }

  /** Ends the browser session, with every page of it. */
  async closeBrowser() {
    for (const page of this.root.pages) clearInterval(page.listening);
    await this.root.delete();
  }

  // --- navigation ---
  async goto(url, { waitUntil = 'load' } = {}) {
    const target = new URL(url, this.baseURL).href;
    await this.#navigate(() => this.session.cmd('POST', '/url', { url: target }), waitUntil);
    // WebDriver classic reports no response; the headers are fetched again, as the server
    // sends them for this URL (from the server itself, so no route or listener sees it).
    const response = await fetch(target);
    return { status: () => response.status, headers: () => Object.fromEntries(response.headers) };
  }
  async reload({ waitUntil = 'load' } = {}) { await this.#navigate(() => this.session.cmd('POST', '/refresh', {}), waitUntil); }
  /** Runs `start` and waits until the next document has reached `waitUntil` ("commit": it exists). */
  async #navigate(start, waitUntil) {
    const reached = { commit: ['loading', 'interactive', 'complete'], domcontentloaded: ['interactive', 'complete'], load: ['complete'] }[waitUntil];
    if (!reached) throw new Unsupported(`waitUntil "${waitUntil}"`);
    // The document navigated from is marked, so that it is not taken for the next one.
    await this.session.cmd('POST', '/execute/sync', { script: 'window.__acwLeft = true; return null;', args: [] }).catch(() => {});
    await start();
    const until = Date.now() + NAVIGATION_TIMEOUT;
    for (;;) {
      const state = await this.session.cmd('POST', '/execute/sync', { script: 'return window.__acwLeft ? null : document.readyState;', args: [] })
        .catch(() => null); // between documents
      if (reached.includes(state)) break;
      if (Date.now() > until) throw new Error(`navigation did not reach "${waitUntil}" in ${NAVIGATION_TIMEOUT} ms (state: ${state})`);
      await sleep(20);
    }
    await this.#afterNavigation();
  }
  async #afterNavigation() { await this.evaluate(installErrorCollector); }
  async title() { return this.session.cmd('GET', '/title'); }
  url() { return this.session.cmd('GET', '/url'); }

  // --- scripts ---
  async evaluate(fn, arg) {
    if (typeof fn === 'string') {
      // A script's source, run as it is (WebDriver scripts are not subject to the page's CSP).
      return this.session.cmd('POST', '/execute/sync', { script: `${fn}\n;return null;`, args: [] });
    }
    return this.run(fn, arg === undefined ? [] : [toWire(arg)]);
  }
  async run(fn, args) {
    const script = RUNNER.replace('__FN__', () => fn.toString());
    const result = await this.session.cmd('POST', '/execute/async', { script, args });
    this.#dispatchErrors(result?.errors ?? []);
    if (!result?.ok) throw new Error(`in the page: ${result?.error}`);
    return result.undefined ? undefined : result.value;
  }
  waitForTimeout(ms) { return sleep(ms); }
  async waitForFunction(fn, arg, { timeout = ACTION_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > until) throw new Error('waitForFunction timed out');
      await sleep(100);
    }
  }
  #dispatchErrors(errors) {
    for (const e of errors) {
      if (e.kind === 'pageerror') for (const cb of this.listeners.pageerror) cb({ message: e.text });
      else for (const cb of this.listeners.console) cb({ type: () => e.type, text: () => e.text });
    }
  }

  on(event, callback) {
    if (['request', 'response', 'requestfailed'].includes(event)) return this.gate.on(event, callback);
    if (!(event in this.listeners)) throw new Unsupported(`WebDriver classic cannot observe "${event}" events`);
    this.listeners[event].push(callback);
    // The page's messages come with the answer to a command: while the test only waits
    // (expect.poll on what it heard), the page is asked for them every 100 ms.
    this.listening ??= setInterval(() => {
      if (this.session.busy === 0) this.evaluate(() => null).catch(() => {});
    }, 100);
  }

  // --- requests, through the proxy ---
  async route(match, handler) { this.gate.route(match, handler); }
  async unroute(match) { this.gate.unroute(match); }
  async addInitScript(script, arg) {
    this.gate.addInitScript(typeof script === 'function' ? `(${script})(${arg === undefined ? '' : JSON.stringify(arg)});` : script);
  }
  waitForRequest(match, { timeout = ACTION_TIMEOUT } = {}) { return this.#waitFor('request', match, timeout); }
  waitForResponse(match, { timeout = ACTION_TIMEOUT } = {}) { return this.#waitFor('response', match, timeout); }
  #waitFor(event, match, timeout) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.gate.off(event, heard); reject(new Error(`no ${event} for ${match} in ${timeout} ms`)); }, timeout);
      const heard = (value) => {
        if (!this.gate.matches(value, match)) return;
        clearTimeout(timer);
        this.gate.off(event, heard);
        resolve(value);
      };
      this.gate.on(event, heard);
    });
  }

  // --- finding ---
  locator(selector) { return new WebDriverLocator(this, [{ kind: 'css', selector }]); }
  getByRole(role, options = {}) { return new WebDriverLocator(this, []).getByRole(role, options); }
  getByLabel(text, options = {}) { return new WebDriverLocator(this, []).getByLabel(text, options); }
  getByText(text, options = {}) { return new WebDriverLocator(this, []).getByText(text, options); }

  // --- keyboard and viewport ---
  /** One input source's actions; what is pressed stays pressed (no release of all). */
  async #input(type, id, actions) {
    await this.session.cmd('POST', '/actions', { actions: [{ type, id, ...(type === 'pointer' ? { parameters: { pointerType: 'mouse' } } : {}), actions }] });
  }
  async #actions(keyActions) {
    await this.session.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: keyActions }] });
    await this.session.cmd('DELETE', '/actions');
  }
  async #keys(values) {
    const down = values.map((value) => ({ type: 'keyDown', value }));
    const up = [...values].reverse().map((value) => ({ type: 'keyUp', value }));
    await this.#actions([...down, ...up]);
  }

  async setViewportSize({ width, height }) {
    // Window size minus what the window adds around the page, measured.
    await this.session.cmd('POST', '/window/rect', { width, height });
    const inner = await this.#settledViewport();
    if (inner[0] !== width || inner[1] !== height) {
      await this.session.cmd('POST', '/window/rect', { width: 2 * width - inner[0], height: 2 * height - inner[1] });
      await this.#settledViewport();
    }
    this.viewport = { width, height };
  }

  /** The page's viewport once a resize has reached its layout: /window/rect can answer before the
   * page has been laid out at the new size, and a page height measured then is the old layout's. */
  async #settledViewport() {
    let last = [];
    for (let i = 0; i < 20; i += 1) {
      const inner = await this.evaluate(() => [window.innerWidth, window.innerHeight]);
      if (inner[0] === last[0] && inner[1] === last[1]) return inner;
      last = inner;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return last;
  }
  viewportSize() { return this.viewport; }

  async screenshot({ path, fullPage = false } = {}) {
    const viewport = this.viewport;
    if (fullPage) {
      // WebDriver classic captures the viewport only: the window grows to the page, from its top, and
      // the capture waits until the grown window has been painted.
      const height = await this.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));
      await this.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
      await this.evaluate(() => new Promise((resolve) => {
        window.scrollTo(0, 0);
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)));
      }));
    }
    const png = Buffer.from(await this.session.cmd('GET', '/screenshot'), 'base64');
    if (fullPage) await this.setViewportSize(viewport);
    if (path) writeFileSync(path, png);
    return png;
  }

  /** A download: the next file the browser saves into its download folder (WebKitGTK saves to its home). */
  async waitForEvent(event, { timeout = ACTION_TIMEOUT } = {}) {
    if (event !== 'download' || !this.downloads) throw new Unsupported(`WebDriver classic has no "${event}" event`);
    return nextDownload(this.downloads, timeout);
  }


}

const isStale = (error) => /^stale element reference/.test(error?.message ?? '');

export class WebDriverLocator {
  constructor(page, steps) { this.page = page; this.steps = steps; }

  /**
   * Runs `action` (find, then act) again when the element it found was replaced in between, as
   * Playwright's lazy locators do: the wizard swaps its build-time first screen for the app's
   * live one, so an element found a moment before can be gone when it is acted on.
   */
  async #fresh(action) {
    const until = Date.now() + ACTION_TIMEOUT;
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (!isStale(error) || Date.now() > until) throw error;
        await sleep(50);
      }
    }
  }

  #with(...more) { return new WebDriverLocator(this.page, [...this.steps, ...more]); }
  getByRole(role, { name, exact, level, checked, includeHidden } = {}) {
    return this.#with({ kind: 'role', role, name: toWire(name), exact, level, checked, includeHidden });
  }
  getByLabel(text, { exact } = {}) { return this.#with({ kind: 'label', text: toWire(text), exact }); }
  getByText(text, { exact } = {}) { return this.#with({ kind: 'text', text: toWire(text), exact }); }
  locator(selector) { return this.#with({ kind: 'css', selector }); }
  filter({ hasText, visible }) {
    const steps = [];
    if (hasText !== undefined) steps.push({ kind: 'hasText', text: toWire(hasText) });
    if (visible !== undefined) steps.push({ kind: 'visible', visible });
    return this.#with(...steps);
  }
  first() { return this.#with({ kind: 'nth', index: 0 }); }
  last() { return this.#with({ kind: 'nth', index: -1 }); }
  nth(index) { return this.#with({ kind: 'nth', index }); }
  or(other) { return this.#with({ kind: 'or', steps: other.steps }); }
  toString() { return `locator(${JSON.stringify(this.steps)})`; }

  /** The elements now, as WebDriver references. */
  async all() { return this.page.run(findInPage, [this.steps]); }
  async count() { return (await this.all()).length; }

  /** Runs `fn(element, arg)` in the page on the one element, waiting for it to be there. */
  async #one(timeout = ACTION_TIMEOUT) {
    const until = Date.now() + timeout;
    for (;;) {
      const found = await this.all();
      if (found.length === 1) return found[0];
      if (found.length > 1) throw new Error(`strict mode: ${this} matched ${found.length} elements`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${this}`);
      await sleep(100);
    }
  }
  async evaluate(fn, arg) {
    return this.#fresh(async () => {
      const el = await this.#one();
      return this.page.run(fn, arg === undefined ? [el] : [el, toWire(arg)]);
    });
  }
  async #actionable() {
    const until = Date.now() + ACTION_TIMEOUT;
    for (;;) {
      const el = await this.#one(Math.max(0, until - Date.now()));
      const ok = await this.page.run((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible' && !e.disabled;
      }, [el]);
      if (ok) return el;
      if (Date.now() > until) throw new Error(`${this} is not visible and enabled`);
      await sleep(100);
    }
  }
  #elementId(el) { return el[ELEMENT]; }

  async click() {
    await this.#fresh(async () => {
      const el = await this.#actionable();
      await this.page.run((e) => e.scrollIntoView({ block: 'center' }), [el]);
      try {
        await this.page.session.cmd('POST', `/element/${this.#elementId(el)}/click`, {});
      } catch (error) {
        // WebKitWebDriver's own hit test stops at a text field's inner editor (the engine's
        // shadow tree) and calls that an intercepted click. Hit-tested here through shadow
        // roots, as Playwright does, the element itself gets a real mouse click at its centre.
        if (error.code !== 'element click intercepted') throw error;
        await this.#mouseClicks(el, 1, error);
      }
    });
  }
  /** Two presses in one go, as a user's double click (the second lands even if the first
   * changed the page, where two clicks would look for the element again). */
  async dblclick() {
    await this.#fresh(async () => {
      const el = await this.#actionable();
      await this.page.run((e) => e.scrollIntoView({ block: 'center' }), [el]);
      await this.#mouseClicks(el, 2, new Error(`${this} is covered by another element`));
    });
  }
  /** `count` presses of the mouse at the element's centre, when the element is what is there. */
  async #mouseClicks(el, count, covered) {
    const at = await this.page.run((e) => {
      const r = e.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      let hit = document.elementFromPoint(x, y);
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit === e || e.contains(hit) ? [x, y] : null;
    }, [el]);
    if (!at) throw covered;
    const press = [{ type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }];
    await this.page.session.cmd('POST', '/actions', { actions: [{
      type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pointerMove', origin: 'viewport', x: Math.round(at[0]), y: Math.round(at[1]), duration: 0 }, ...Array(count).fill(press).flat()],
    }] });
  }
  /** The element's box as the page shows it (WebDriver's element screenshot: scrolled into view,
   * clipped to the viewport); `caret: 'hide'` as in Playwright. Animations are not stopped. */
  async screenshot({ path, caret } = {}) {
    return this.#fresh(async () => {
      const el = await this.#one();
      const hideCaret = (hide) => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        if (active) active.style.caretColor = hide ? 'transparent' : '';
      };
      if (caret === 'hide') await this.page.run(hideCaret, [true]);
      try {
        const png = Buffer.from(await this.page.session.cmd('GET', `/element/${this.#elementId(el)}/screenshot`), 'base64');
        if (path) writeFileSync(path, png);
        return png;
      } finally {
        if (caret === 'hide') await this.page.run(hideCaret, [false]);
      }
    });
  }
  async elementHandle() {
    const el = await this.#one();
    return new WebDriverHandle(this.page, await this.page.run((e) => (window.__acwHandles ??= []).push(e) - 1, [el]));
  }
  /** As Playwright's: the event bubbles, can be cancelled and crosses shadow roots. */
  async dispatchEvent(type) {
    await this.#fresh(async () => {
      const el = await this.#one();
      await this.page.run((e, t) => {
        const init = { bubbles: true, cancelable: true, composed: true };
        e.dispatchEvent(/^(click|dblclick|mouse)/.test(t) ? new MouseEvent(t, init) : new Event(t, init));
      }, [el, type]);
    });
  }
  async focus() { await this.#fresh(async () => { const el = await this.#one(); await this.page.run((e) => e.focus(), [el]); }); }
  async press(key) { await this.focus(); await this.page.keyboard.press(key); }
  async pressSequentially(text) { await this.focus(); await this.page.keyboard.type(text); }

  async fill(value) { await this.#fresh(() => this.#fillOnce(value)); }
  async #fillOnce(value) {
    const el = await this.#actionable();
    // As Playwright's fill: focus, replace the whole value, fire input and change.
    await this.page.run((e, v) => {
      e.focus();
      const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);
      e.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: v }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
    }, [el, value]);
  }
  // As Playwright's: waits until the option is there (a list may still be filling or being named).
  async selectOption(option) {
    const until = Date.now() + ACTION_TIMEOUT;
    while (!(await this.#fresh(() => this.#selectOnce(option)))) {
      if (Date.now() > until) throw new Error(`${this}: no option ${JSON.stringify(option)}`);
      await sleep(50);
    }
  }
  async #selectOnce(option) {
    const el = await this.#actionable();
    const ok = await this.page.run((e, o) => {
      const want = typeof o === 'string' ? { value: o } : o;
      const opt = [...e.options].find((x) => (want.label !== undefined ? x.label === want.label || x.text.trim() === want.label : x.value === want.value));
      if (!opt) return false;
      e.value = opt.value;
      e.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, [el, option]);
    return ok;
  }
  async setChecked(checked) { await this.#fresh(() => this.#setCheckedOnce(checked)); }
  async #setCheckedOnce(checked) {
    const el = await this.#actionable();
    const until = Date.now() + ACTION_TIMEOUT;
    for (;;) {
      if ((await this.page.run((e) => e.checked, [el])) === checked) return;
      await this.page.run((e) => e.scrollIntoView({ block: 'center' }), [el]);
      await this.#stable(el);
      // As Playwright: click only where the element itself receives the click.
      const receives = await this.page.run((e) => {
        const r = e.getBoundingClientRect();
        const root = e.getRootNode();
        const hit = (root.elementFromPoint ? root : document).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit === e || e.contains(hit) || hit?.closest?.('label')?.control === e;
      }, [el]);
      if (receives) await this.page.session.cmd('POST', `/element/${this.#elementId(el)}/click`, {});
      if ((await this.page.run((e) => e.checked, [el])) === checked) return;
      if (Date.now() > until) throw new Error(`${this}: clicking did not change its state`);
      await sleep(50);
    }
  }
  /** Waits until the element stays where it is over two frames, as Playwright's
   * actionability check does: a message appearing above it (the live domain
   * check) would otherwise move it between finding it and clicking it. */
  async #stable(el) {
    const until = Date.now() + ACTION_TIMEOUT;
    for (;;) {
      const still = await this.page.run((e) => new Promise((resolve) => {
        const at = () => { const r = e.getBoundingClientRect(); return `${r.x},${r.y},${r.width},${r.height}`; };
        const first = at();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(at() === first)));
      }), [el]);
      if (still || Date.now() > until) return;
    }
  }
  check() { return this.setChecked(true); }
  uncheck() { return this.setChecked(false); }

  // --- reading ---
  async textContent() { return this.evaluate((e) => e.textContent); }
  async innerText() { return this.evaluate((e) => e.innerText); }
  async inputValue() { return this.evaluate((e) => e.value); }
  async getAttribute(name) { return this.evaluate((e, n) => e.getAttribute(n), name); }
  async isChecked() { return this.evaluate((e) => e.checked); }
  async boundingBox() {
    return this.evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });
  }
  async isVisible() { return this.#fresh(() => this.#isVisibleOnce()); }
  async isHidden() { return !(await this.isVisible()); }
  async #isVisibleOnce() {
    const found = await this.all();
    if (found.length === 0) return false;
    return this.page.run((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible'; }, [found[0]]);
  }
  async allTextContents() { return this.#fresh(() => this.#allTextContentsOnce()); }
  async #allTextContentsOnce() {
    const found = await this.all();
    // Each element its own argument: WebKitWebDriver resolves element references only at the top level.
    return this.page.run((...els) => els.map((e) => e.textContent), found);
  }

  /** One snapshot of what the web-first assertions look at. */
  async state() { return this.#fresh(() => this.#stateOnce()); }
  async #stateOnce() {
    const found = await this.all();
    if (found.length === 0) return { count: 0 };
    const one = await this.page.run((e) => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      const r = e.getBoundingClientRect();
      const attrs = {};
      for (const a of e.attributes) attrs[a.name] = a.value;
      return {
        visible: r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible',
        focused: active === e, checked: e.checked, disabled: !!e.disabled, value: e.value ?? null,
        editable: !e.disabled && !e.readOnly && !e.closest('[inert]'),
        text: e.textContent, attrs,
      };
    }, [found[0]]);
    return { count: found.length, ...one };
  }
}

// --- web-first assertions over WebDriver locators ------------------------------

const normText = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const textMatches = (actual, expected, whole) => (expected instanceof RegExp
  ? expected.test(normText(actual)) : whole ? normText(actual) === normText(expected) : normText(actual).includes(normText(expected)));

async function poll(context, locator, check, describe, timeout = EXPECT_TIMEOUT) {
  const until = Date.now() + (context.timeout ?? timeout);
  let last;
  for (;;) {
    try {
      last = await check();
    } catch (error) {
      // The element was replaced while being read (a list re-rendered): read it again, as Playwright does.
      if (!isStale(error)) throw error;
      last = { pass: context.isNot, detail: String(error.message) };
    }
    if (last.pass !== context.isNot) break;
    if (Date.now() > until) break;
    await sleep(100);
  }
  return {
    pass: last.pass,
    message: () => `expect(${locator})${context.isNot ? '.not' : ''}.${describe}\n${last.detail ?? ''}`,
  };
}

/** Playwright's web-first matchers, for WebDriver locators; anything else goes to Playwright's own. */
export function webDriverMatchers(baseExpect) {
  const delegate = (name) => function delegated(received, ...args) {
    let e = baseExpect(received);
    if (this.isNot) e = e.not;
    try { e[name](...args); return { pass: !this.isNot, message: () => '' }; } catch (err) { return { pass: this.isNot, message: () => err.message }; }
  };
  const on = (name, impl) => function matcher(received, ...args) {
    if (received instanceof WebDriverLocator) return impl.call(this, received, ...args);
    if (received instanceof WebDriverPage) return impl.call(this, received, ...args);
    return delegate(name).call(this, received, ...args);
  };
  const stateCheck = (name, predicate) => on(name, function check(locator, ...args) {
    return poll(this, locator, async () => {
      const s = await locator.state();
      return { pass: predicate(s, ...args), detail: `got ${JSON.stringify({ ...s, text: s.text?.slice(0, 200) })}` };
    }, `${name}(${args.map((a) => String(a)).join(', ')})`, args.find((a) => a?.timeout)?.timeout);
  });
  return {
    toBeVisible: stateCheck('toBeVisible', (s) => s.count > 0 && s.visible),
    toBeHidden: stateCheck('toBeHidden', (s) => s.count === 0 || !s.visible),
    toBeFocused: stateCheck('toBeFocused', (s) => s.count > 0 && s.focused),
    toBeChecked: stateCheck('toBeChecked', (s) => s.count > 0 && s.checked === true),
    toBeEnabled: stateCheck('toBeEnabled', (s) => s.count > 0 && !s.disabled),
    toBeDisabled: stateCheck('toBeDisabled', (s) => s.count > 0 && s.disabled),
    toBeEditable: stateCheck('toBeEditable', (s) => s.count > 0 && s.editable),
    toHaveValue: stateCheck('toHaveValue', (s, v) => s.count > 0 && textMatches(s.value, v, true)),
    toHaveText: stateCheck('toHaveText', (s, v) => s.count > 0 && textMatches(s.text, v, true)),
    toContainText: stateCheck('toContainText', (s, v) => s.count > 0 && textMatches(s.text, v, false)),
    toHaveAttribute: stateCheck('toHaveAttribute', (s, name, v) => s.count > 0 && name in s.attrs
      && (v === undefined || (v instanceof RegExp ? v.test(s.attrs[name]) : s.attrs[name] === v))),
    toHaveCount: on('toHaveCount', function count(locator, n) {
      return poll(this, locator, async () => {
        const c = await locator.count();
        return { pass: c === n, detail: `got ${c}` };
      }, `toHaveCount(${n})`);
    }),
    toHaveTitle: on('toHaveTitle', function title(page, expected) {
      return poll(this, 'page', async () => {
        const t = await page.title();
        return { pass: textMatches(t, expected, true), detail: `got "${t}"` };
      }, `toHaveTitle(${expected})`);
    }),
    toHaveURL: on('toHaveURL', function url(page, expected) {
      return poll(this, 'page', async () => {
        const u = await page.url();
        return { pass: expected instanceof RegExp ? expected.test(u) : u === new URL(expected, page.baseURL).href, detail: `got "${u}"` };
      }, `toHaveURL(${expected})`);
    }),
  };
}
