// axe-core in the page: the violations on what it shows now must be none.
import { expect } from './test.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function audit(page, name) {
  // axe is evaluated in the page, not added as a <script>: the page's strict CSP
  // refuses the tag, and Firefox over WebDriver BiDi ignores bypassCSP.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(result, `axe violations on ${name}`).toEqual([]);
}
