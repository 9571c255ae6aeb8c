#!/usr/bin/env node
// Mounts and unmounts the wizard with `mountWizard` again and again in
// headless Chromium, on the release build served by the real server, and
// prints the WebAssembly memory after 10, 30 and 60 cycles. Memory that
// keeps growing means a mount leaves something behind (a WebAssembly memory
// never shrinks, so a flat line after the first cycles is the healthy shape).
// Each cycle mounts a wizard on Account info (so it holds a live form), waits
// for its first field, then unmounts it.
// Usage: node scripts/mount-cycles.mjs [dist]   (after scripts/build; the
//        server is target/release/customer-server, or $SERVER)
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const CHECKPOINTS = [10, 30, 60];

const { url, child } = await startServer({ dist });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  // The page's own wizard goes first: only the cycled ones count.
  await page.evaluate(async () => {
    document.querySelector('add-customer-wizard')?.remove();
    const { default: init } = await import('/add-customer-wizard.js');
    window.__wasm = await init();
    window.__memory = () => window.__wasm.memory.buffer.byteLength;
    const { mountWizard } = await import('/wizard.js');
    const tokenProvider = async () => (await (await fetch('/v1/dev/token', { method: 'POST' })).json()).accessToken;
    window.__cycle = async () => {
      const slot = document.createElement('div');
      document.body.append(slot);
      const handle = await mountWizard(slot, { apiBase: '/v1', locale: 'en-US', storageKey: 'cycles', start: 'add-customer', tokenProvider });
      const root = slot.shadowRoot;
      await new Promise((resolve) => {
        const ready = () => root.querySelector('#f-account-companyName');
        if (ready()) return resolve();
        new MutationObserver((_, o) => { if (ready()) { o.disconnect(); resolve(); } }).observe(root, { subtree: true, childList: true });
      });
      // Let the mount's first requests (countries, template) settle.
      await new Promise((resolve) => setTimeout(resolve, 50));
      handle.unmount();
      slot.remove();
    };
  });
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  const start = await page.evaluate(() => window.__memory());
  console.log(`WebAssembly memory before any mount: ${mib(start)} (${start} bytes)`);
  let done = 0;
  for (const checkpoint of CHECKPOINTS) {
    while (done < checkpoint) {
      await page.evaluate(() => window.__cycle());
      done += 1;
    }
    const bytes = await page.evaluate(() => window.__memory());
    console.log(`after ${String(checkpoint).padStart(2)} mount/unmount cycles: ${mib(bytes)} (${bytes} bytes, +${bytes - start} since the start)`);
  }
  if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
