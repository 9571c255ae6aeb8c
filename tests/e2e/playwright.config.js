// End-to-end tests: the real reference server (real SQLite file) serving the
// release build, driven by accessible names in three engines, all from
// Debian's packages:
//   chromium  Playwright over CDP
//   firefox   Firefox ESR, Playwright over WebDriver BiDi
//   webkit    WebKitGTK through WebKitWebDriver (W3C WebDriver classic, under
//             Xvfb), the same specs through support/webdriver.js
// One engine per run: ACW_ENGINE=chromium|firefox|webkit (scripts/test-e2e sets it).
import { defineConfig } from '@playwright/test';
import { firefoxDownloads } from './support/downloads.js';

const engine = process.env.ACW_ENGINE ?? 'chromium';

const chromium = {
  name: 'chromium',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--disable-extensions',
      ],
    },
  },
};

// Firefox ESR over WebDriver BiDi: @playwright/test is pinned (package.json) to
// the newest release that speaks to every ESR Debian ships (see README).
const firefox = {
  name: 'firefox',
  use: {
    browserName: '_bidiFirefox',
    launchOptions: {
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      firefoxUserPrefs: {
        // Nothing in the background that would try to reach the network.
        'app.update.enabled': false, 'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false, 'network.captive-portal-service.enabled': false,
        'browser.region.network.url': '', 'extensions.update.enabled': false,
        // Downloads are saved without asking, where support/downloads.js looks for them.
        'browser.download.folderList': 2, 'browser.download.dir': firefoxDownloads,
        'browser.download.useDownloadDir': true, 'browser.download.always_ask_before_handling_new_types': false,
        'browser.helperApps.neverAsk.saveToDisk': 'application/json,application/octet-stream,text/plain',
        // The test's requests pass its proxy (support/gate.js) on loopback too.
        'network.proxy.allow_hijacking_localhost': true, 'network.proxy.no_proxies_on': '',
      },
    },
  },
};

// The WebDriver adapter needs no Playwright browser: the page fixture is a WebDriver session.
const webkit = { name: 'webkit', use: { browserName: 'chromium' } };

export default defineConfig({
  testDir: './specs',
  globalSetup: './support/global-setup.js',
  timeout: engine === 'webkit' ? 120_000 : 60_000,
  // No retries in any engine: a test that passes only on its second try hides a fault (WebKit's
  // press lost at the take-over was one). A WebDriver session that never starts gets a fresh driver
  // (support/test.js); that is not a retry of the test.
  retries: 0,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['./support/summary-reporter.js']],
  outputDir: `./test-results/${engine}`,
  use: {
    baseURL: process.env.ACW_BASE_URL,
    headless: true,
    trace: 'off',
  },
  projects: [{ chromium, firefox, webkit }[engine]],
});
