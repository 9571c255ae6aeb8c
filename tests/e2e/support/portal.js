// The demo portal across two origins, as a real embedding runs: the portal
// page (and wizard.js) from one server, the API from another server on
// another port that allows the portal's origin by CORS. Each server has its
// own SQLite file; the portal server's CSP lets the page connect to the API.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

/** A loopback port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(addr, corsOrigin) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'acw-portal-'));
  const binary = process.env.ACW_SERVER_BIN ?? path.join(root, 'target/release/customer-server');
  const child = spawn(binary, [
    '--addr', addr,
    '--db', path.join(dataDir, 'customers.sqlite'),
    '--dist', path.join(root, 'dist'),
    '--demo', path.join(root, 'demo'),
    '--dev-sign-in',
    '--cors-origin', corsOrigin,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Listening on (http:\/\/\S+?)\/?\s/);
      if (m) resolve({ url: m[1], child });
    });
  });
}

/** Starts the API server and the portal server; `stop()` ends both. */
export async function startPortal() {
  const portalPort = await freePort();
  const portalOrigin = `http://127.0.0.1:${portalPort}`;
  const api = await start('127.0.0.1:0', portalOrigin);
  const portal = await start(`127.0.0.1:${portalPort}`, api.url);
  return {
    portalOrigin: portal.url,
    apiOrigin: api.url,
    apiBase: `${api.url}/v1`,
    /** The demo page (`/demo/` or `/demo/regions.html`) using the API on the other origin. */
    page: (file = '', params = {}) =>
      `${portal.url}/demo/${file}?${new URLSearchParams({ api: `${api.url}/v1`, ...params })}`,
    stop() { api.child.kill('SIGTERM'); portal.child.kill('SIGTERM'); },
  };
}

/** Every console error and uncaught exception of the page, for a final check. */
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // HEAD /domains answers 404 for a free domain and the token test gets 401s
  // on purpose: Chromium logs those responses; they are answers, not errors.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (404|401)/.test(m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return errors;
}

export const violations = (page) => page.evaluate(() => window.portalCspViolations);
export const hostEvents = (page, type) =>
  page.evaluate((t) => window.portalEvents.filter((e) => !t || e.type === t), type);
