#!/usr/bin/env node
// Prints the release bundle's sizes: raw, gzip -9 and brotli -q11, per file,
// and the WebAssembly against its budgets: the main .wasm (what the app
// needs to start) ≤ 170 KB brotli, and each later step's code (its own chunk
// and the shared chunks it loads with it, as the chunk loader add-customer-wizard_split.js lists them)
// ≤ 60 KB brotli. KB = 1,000 bytes. Figures only: nothing here fails.
// (The bytes received before the first field accepts input, budget 30 KB,
// are printed by `node scripts/bench-browser.mjs first-load`.)
// Usage: node scripts/size.mjs [dist] [--write-compressed]
// With --write-compressed it also writes each file's .br and .gz beside it,
// which the server sends as they are: the bytes measured are the bytes served
// (compressing at startup it would use a quicker, larger brotli setting).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

export const MAIN_WASM = 'add-customer-wizard_bg.wasm';
export const MAIN_BUDGET = 170_000;
export const STEP_BUDGET = 60_000;

const compressed = (buf) => ({
  gzip: zlib.gzipSync(buf, { level: 9 }),
  brotli: zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }),
});

/** Every .wasm/.js/.css file of a build with its sizes, by name. */
export function measure(dist, { writeCompressed = false } = {}) {
  const sizes = new Map();
  for (const f of readdirSync(dist).filter((name) => /\.(wasm|js|css)$/.test(name)).sort()) {
    const file = path.join(dist, f);
    const raw = readFileSync(file);
    const { gzip, brotli } = compressed(raw);
    if (writeCompressed) {
      writeFileSync(`${file}.br`, brotli);
      writeFileSync(`${file}.gz`, gzip);
    }
    sizes.set(f, { raw: raw.length, gzip: gzip.length, brotli: brotli.length });
  }
  return sizes;
}

/** Each later step's files, from the split loader: its own chunk and the
 * shared chunks loaded with it. Empty for a build without the split. */
export function stepChunks(dist) {
  const loader = path.join(dist, 'add-customer-wizard_split.js');
  if (!existsSync(loader)) return [];
  const js = readFileSync(loader, 'utf8');
  const fileOf = (text) => text.match(/"\.\/([^"]+\.wasm)"/)?.[1];
  const shared = new Map();
  for (const m of js.matchAll(/const (__chunk_\d+) = makeLoad\(([\s\S]*?)\n, \[/g)) shared.set(m[1], fileOf(m[2]));
  const steps = [];
  for (const m of js.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?)\n, \[([^\]]*)\]\)\);/g)) {
    const own = fileOf(m[2]);
    const deps = m[3].split(',').map((s) => s.trim()).filter(Boolean).map((d) => shared.get(d));
    steps.push({ step: m[1], files: [own, ...deps].filter(Boolean) });
  }
  return steps;
}

const pad = (s, n) => String(s).padStart(n);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const verdict = (bytes, budget) => `${kb(bytes)} KB (budget ≤ ${kb(budget)} KB${bytes > budget ? ', OVER' : ''})`;

/** The per-file table and the budget lines, as text lines. */
export function report(dist, sizes) {
  const lines = [];
  const row = (name, s) => lines.push(`${name.padEnd(44)}${pad(s.raw, 10)}${pad(s.gzip, 10)}${pad(s.brotli, 10)}`);
  lines.push(`${'file'.padEnd(44)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
  for (const [name, s] of sizes) row(name, s);
  const main = sizes.get(MAIN_WASM);
  if (main) lines.push(`main .wasm (${MAIN_WASM}), brotli: ${verdict(main.brotli, MAIN_BUDGET)}`);
  for (const { step, files } of stepChunks(dist)) {
    const total = files.reduce((sum, f) => sum + (sizes.get(f)?.brotli ?? 0), 0);
    lines.push(`step ${step}, brotli: ${verdict(total, STEP_BUDGET)} = ${files.map((f) => `${f} ${sizes.get(f)?.brotli}`).join(' + ')}`);
  }
  const wasm = [...sizes].filter(([name]) => name.endsWith('.wasm'));
  if (wasm.length > 1) {
    lines.push(`every .wasm together, brotli: ${kb(wasm.reduce((sum, [, s]) => sum + s.brotli, 0))} KB in ${wasm.length} files`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
  const sizes = measure(dist, { writeCompressed: args.includes('--write-compressed') });
  console.log(report(dist, sizes).join('\n'));
}
