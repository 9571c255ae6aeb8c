#!/usr/bin/env node
// Drops the "name" section (function names) from a .wasm, in place, keeping
// every other custom section. The linked module keeps its symbols until here
// (the wasm-release profile strips debug info only) because rustc's `strip`
// would take the "target_features" section with them, and wasm-bindgen reads
// that one: without it, it assumes no multi-value returns and passes results
// through the shadow stack (a larger .wasm). Names are dropped before
// wasm-bindgen runs, because it names the exports it adds after the functions
// they call: long mangled names, shipped in the module and the glue.
// Usage: node scripts/drop-names.mjs MODULE.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { readLeb } from './wasm-sections.mjs';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: drop-names.mjs MODULE.wasm');
  process.exit(2);
}
const wasm = readFileSync(path);
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${path} is not WebAssembly`);
const parts = [wasm.subarray(0, 8)];
for (let at = 8; at < wasm.length;) {
  const start = at;
  const id = wasm[at++];
  let size;
  [size, at] = readLeb(wasm, at);
  const end = at + size;
  if (id === 0) {
    const [length, nameAt] = readLeb(wasm, at);
    if (wasm.toString('utf8', nameAt, nameAt + length) === 'name') {
      at = end;
      continue;
    }
  }
  parts.push(wasm.subarray(start, end));
  at = end;
}
writeFileSync(path, Buffer.concat(parts));
