// End-to-end tests: the real reference server (real SQLite file) serving the
// release build, driven in Debian's headless Chromium by accessible names.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './specs',
  globalSetup: './support/global-setup.js',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['./support/summary-reporter.js']],
  outputDir: './test-results',
  use: {
    baseURL: process.env.ACW_BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--disable-extensions',
      ],
    },
    trace: 'off',
  },
});
