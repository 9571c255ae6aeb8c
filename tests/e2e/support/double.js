// The Partner Center double (crates/partner-center-double) as a process of its
// own, for the gateway specs: Partner Center's API and token endpoint on one
// loopback port, a control port where a test queues faults and reads what was
// created. scripts/test-e2e builds it.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export function startDouble(args = []) {
  const binary = process.env.ACW_DOUBLE_BIN ?? path.join(root, 'target/release/partner-center-double');
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the double did not start:\n${stderr}`)), 30_000);
    child.on('error', (error) => reject(new Error(`the double did not start (${binary}): ${error.message}`)));
    child.on('exit', (code) => reject(new Error(`the double exited (${code}):\n${stderr}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/api (\S+) token (\S+) control (\S+)/);
      if (!m) return;
      clearTimeout(timer);
      const [, api, token, control] = m;
      const call = async (pathAndQuery, init) => {
        const response = await fetch(`${control}${pathAndQuery}`, init);
        if (!response.ok) throw new Error(`double ${pathAndQuery}: ${response.status} ${await response.text()}`);
        return response.status === 204 ? null : response.json();
      };
      resolve({
        api, token, child,
        /** The last 4,000 characters the double wrote to stderr. */
        log: () => stderr,
        /** Queues a fault for an operation's next calls (see src/main.rs of the double). */
        fault: (fault) => call('/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) }),
        /** `{customers, agreements, orders, lineItems}` in the double for this domain. */
        domain: (domain) => call(`/domains/${encodeURIComponent(domain)}`),
      });
    });
  });
}
