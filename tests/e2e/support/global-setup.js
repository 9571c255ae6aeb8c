// Starts the reference server once for the run: a free loopback port, a fresh
// SQLite file, the release build of the app, dev sign-in for the host page.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export const API_TOKEN = 'e2e-static-token';
// The partner the static token acts for: the dev sign-in's default, so what
// the tests seed through the API is what the wizard on the demo page lists.
export const API_PARTNER = 'demo-partner';

export function startServer(extraArgs = [], dataDir = mkdtempSync(path.join(tmpdir(), 'acw-e2e-'))) {
  const binary = process.env.ACW_SERVER_BIN ?? path.join(root, 'target/release/customer-server');
  const args = [
    '--addr', '127.0.0.1:0',
    '--db', path.join(dataDir, 'customers.sqlite'),
    '--dist', path.join(root, 'dist'),
    '--demo', path.join(root, 'demo'),
    '--dev-sign-in',
    '--token', `${API_PARTNER}=${API_TOKEN}`,
    ...extraArgs,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Listening on (http:\/\/\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, dataDir, log: () => stderr });
      }
    });
  });
}

export default async function globalSetup() {
  const { url, child } = await startServer();
  process.env.ACW_BASE_URL = url;
  process.env.ACW_API_TOKEN = API_TOKEN;
  return async () => { child.kill('SIGTERM'); };
}
