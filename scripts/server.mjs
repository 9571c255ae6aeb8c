// Starts the real server (target/release/customer-server, or $SERVER) on a
// free loopback port with a fresh SQLite file, serving `dist`; resolves to
// { url, child } once it listens (for the measuring scripts).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function startServer({ dist = path.join(root, 'dist'), extra = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'acw-measure-'));
  const server = process.env.SERVER ?? path.join(root, 'target/release/customer-server');
  const child = spawn(server, ['--addr', '127.0.0.1:0', '--db', path.join(dir, 'measure.sqlite'), '--dist', dist, '--dev-sign-in', ...extra],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Listening on (http:\/\/\S+?)\/?\s/);
      if (m) resolve({ url: m[1], child });
    });
  });
}
