#!/usr/bin/env node
// Prints the release bundle's sizes: raw, gzip -9 and brotli -q11, per file
// and in total for what the browser fetches to show the wizard
// (wasm + JS glue + wizard.js + wizard.css).
// Usage: node scripts/size.mjs [dist] [--write-compressed]
// With --write-compressed it also writes each file's .br and .gz beside it,
// which the server sends as they are: the bytes measured are the bytes served
// (compressing at startup it would use a quicker, larger brotli setting).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const writeCompressed = args.includes('--write-compressed');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
const wizardFiles = new Set(['add-customer-wizard_bg.wasm', 'add-customer-wizard.js', 'wizard.js', 'wizard.css']);

const compressed = (buf) => ({
  gzip: zlib.gzipSync(buf, { level: 9 }),
  brotli: zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }),
});
const pad = (s, n) => String(s).padStart(n);
const row = (name, s) => console.log(`${name.padEnd(32)}${pad(s.raw, 10)}${pad(s.gzip, 10)}${pad(s.brotli, 10)}`);

console.log(`${'file'.padEnd(32)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of files) {
  const file = path.join(dist, f);
  const raw = readFileSync(file);
  const { gzip, brotli } = compressed(raw);
  if (writeCompressed) {
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzip);
  }
  const s = { raw: raw.length, gzip: gzip.length, brotli: brotli.length };
  row(f, s);
  if (wizardFiles.has(f)) for (const k of Object.keys(total)) total[k] += s[k];
}
row('first load (wizard files)', total);
console.log(`first-load brotli: ${(total.brotli / 1024).toFixed(1)} KiB (budget 80 KiB)`);
