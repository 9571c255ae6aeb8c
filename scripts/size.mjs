#!/usr/bin/env node
// Prints the release bundle's sizes: raw, gzip -9 and brotli -q11, per file
// and in total for what the browser fetches to show the wizard
// (wasm + JS glue + wizard.js + wizard.css). Usage: node scripts/size.mjs [dist]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
const wizardFiles = new Set(['add-customer-wizard_bg.wasm', 'add-customer-wizard.js', 'wizard.js', 'wizard.css']);

const sizes = (buf) => ({
  raw: buf.length,
  gzip: zlib.gzipSync(buf, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
});
const pad = (s, n) => String(s).padStart(n);
const row = (name, s) => console.log(`${name.padEnd(32)}${pad(s.raw, 10)}${pad(s.gzip, 10)}${pad(s.brotli, 10)}`);

console.log(`${'file'.padEnd(32)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of files) {
  const s = sizes(readFileSync(path.join(dist, f)));
  row(f, s);
  if (wizardFiles.has(f)) for (const k of Object.keys(total)) total[k] += s[k];
}
row('first load (wizard files)', total);
console.log(`first-load brotli: ${(total.brotli / 1024).toFixed(1)} KiB (budget 80 KiB)`);
