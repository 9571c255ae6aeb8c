// One spec source for every engine. Specs import `test` and `expect` from
// here: in Chromium and Firefox they are Playwright's own; in WebKit, which
// Playwright cannot drive, the `page` fixture is a WebDriver session with the
// same API (support/webdriver.js) and the web-first assertions poll it.
//
// `engineCannot(reasons)` marks a test an engine cannot run, with the reason;
// the reasons are listed in the README ("Supported browsers"), and the run's
// summary counts them as skipped.
import { test as base, expect as baseExpect } from '@playwright/test';
import path from 'node:path';
import { startDriver, WebDriverPage, webDriverMatchers } from './webdriver.js';
import { startGate } from './gate.js';

export const engine = process.env.ACW_ENGINE ?? 'chromium';
export const isWebDriver = engine === 'webkit';

/** Where this engine's screenshots go: tests/e2e/screenshots/<engine>/ (git-ignored, written by each run). */
export const screenshots = path.resolve(import.meta.dirname, '../screenshots', engine);

// The test's own HTTP proxy (support/gate.js), for what the engine's driver
// cannot do itself: WebKit's and Firefox's requests pass it.
const gated = base.extend({
  gate: async ({}, use) => {
    const gate = await startGate();
    await use(gate);
    await gate.close();
  },
});

const webDriverTest = gated.extend({
  // One driver per worker and browser language; a fresh browser session (its own storage) per test.
  driver: [async ({}, use) => {
    const drivers = new Map();
    await use(async (locale, { fresh = false } = {}) => {
      if (fresh && drivers.has(locale)) {
        await (await drivers.get(locale)).stop();
        drivers.delete(locale);
      }
      if (!drivers.has(locale)) {
        // WebKitGTK takes its language from the environment (navigator.language, Intl defaults, the date field).
        // It needs the locale generated (scripts/setup --test does).
        const lang = `${locale.replace('-', '_')}.UTF-8`;
        drivers.set(locale, startDriver({ env: { LANG: lang, LC_ALL: lang } }));
      }
      return drivers.get(locale);
    });
    for (const d of drivers.values()) await (await d).stop();
  }, { scope: 'worker' }],
  page: async ({ driver, gate, baseURL, locale, viewport, javaScriptEnabled }, use) => {
    // Under load WebKitWebDriver has now and then never answered the request that starts the
    // browser (seen once in a suite run, always before the test's first step). One driver holds
    // one session, so a late answer must not be left behind: that driver is stopped and the
    // session started once more on a fresh one, and the run says so.
    let page;
    for (let attempt = 1; !page; attempt += 1) {
      const started = await driver(locale ?? 'en-US', { fresh: attempt > 1 });
      try {
        page = await WebDriverPage.open(started.url, { baseURL, gate, engine, downloads: started.downloads, javaScript: javaScriptEnabled !== false });
      } catch (error) {
        const detail = `WebKitWebDriver did not start a browser session: ${error.message}\n${started.output()}`;
        if (attempt >= 2) throw new Error(detail);
        console.warn(`${detail}\nStarting a fresh driver and trying once more.`);
      }
    }
    if (viewport) await page.setViewportSize(viewport);
    await use(page);
    await page.closeBrowser();
  },
  // The test's browser: its pages are windows of the one session (one storage).
  context: async ({ page }, use) => {
    const pages = [page];
    await use({
      newPage: async () => {
        const added = await page.newPage();
        pages.push(added);
        return added;
      },
      setOffline: () => { throw new Error('WebDriver classic cannot take the browser offline'); },
      pages: () => [...pages],
    });
  },
});

// Playwright over WebDriver BiDi (Firefox) appends a `<style>body {}</style>`
// to the page before every screenshot, to settle animations. BiDi does not
// bypass the page's CSP, so the portal records that as a style-src-elem
// violation. Only those, caused by the screenshot itself, are taken out of
// the portal's record; any other violation stays for the test to see.
//
// Requests are routed by the same proxy as in WebKit (support/gate.js), given to
// the test's browser context: Playwright 1.55's own routing over BiDi cannot
// send a request on and hold its answer (`route.fetch()`), nor read the body
// the page sent. Events, waits and init scripts stay Playwright's.
//
// `javaScriptEnabled: false` has no effect over BiDi: such a test gets a page
// of a Firefox of its own, started with scripts turned off.
const firefoxTest = gated.extend({
  proxy: async ({ gate }, use) => use({ server: `http://${gate.address}` }),
  page: async ({ page, gate, javaScriptEnabled, playwright, launchOptions, baseURL, locale }, use) => {
    if (javaScriptEnabled === false) {
      const browser = await playwright._bidiFirefox.launch({
        ...launchOptions, firefoxUserPrefs: { ...launchOptions.firefoxUserPrefs, 'javascript.enabled': false },
      });
      const context = await browser.newContext({ baseURL, locale });
      await use(await context.newPage());
      await browser.close();
      return;
    }
    page.route = async (match, handler) => gate.route(match, handler);
    page.unroute = async (match) => gate.unroute(match);
    const screenshot = page.screenshot.bind(page);
    page.screenshot = async (options) => {
      const before = await page.evaluate(() => window.portalCspViolations?.length ?? -1);
      const png = await screenshot(options);
      if (before >= 0) {
        await page.evaluate(async (from) => {
          // Violation events are queued as tasks: let them arrive.
          await new Promise((resolve) => setTimeout(resolve, 50));
          // Playwright's script is evaluated, so Firefox names its source "<page> line N > eval"
          // (URL-encoded in the report).
          const own = (v) => v.directive === 'style-src-elem' && v.blockedURI === 'inline'
            && /(?: |%20)line(?: |%20)\d+(?: |%20)(?:>|%3E)(?: |%20)eval$/.test(v.sourceFile ?? '');
          const record = window.portalCspViolations;
          const added = record.splice(from);
          const otherThanOwn = added.filter((v) => !own(v));
          // One style per screenshot: more than one inline style is not the screenshot's.
          const ownSeen = added.length - otherThanOwn.length;
          record.push(...otherThanOwn, ...added.filter(own).slice(1));
          return ownSeen;
        }, before);
      }
      return png;
    };
    await use(page);
  },
});

export const test = isWebDriver ? webDriverTest : engine === 'firefox' ? firefoxTest : base;
export const expect = isWebDriver ? baseExpect.extend(webDriverMatchers(baseExpect)) : baseExpect;

/**
 * Skips the current test in the engines named, each with its reason, e.g.
 * `engineCannot({ webkit: 'WebDriver classic cannot intercept requests' })`.
 */
export function engineCannot(reasons) {
  const reason = reasons[engine];
  test.skip(Boolean(reason), `${engine}: ${reason}`);
}

/** What the WebKit adapter (WebDriver classic, and the proxy of support/gate.js) cannot do; the reasons the README lists. */
export const webDriverLacks = {
  offline: 'WebDriver classic cannot take the browser offline',
};

/** What Playwright 1.55 over WebDriver BiDi (Firefox) does not do; the reasons the README lists. */
export const playwrightBidiLacks = {
  offline: 'context.setOffline() has no effect over WebDriver BiDi in Playwright 1.55 (the page stays online)',
};
