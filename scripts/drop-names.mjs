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
import { readLeb, rewriteSections } from './wasm-sections.mjs';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: drop-names.mjs MODULE.wasm');
  process.exit(2);
}
/** Whether a custom section's body is the "name" section's. */
const isNames = (body) => {
  const [length, at] = readLeb(body, 0);
  return body.toString('utf8', at, at + length) === 'name';
};
writeFileSync(path, rewriteSections(readFileSync(path), path, { 0: (body) => (isNames(body) ? null : body) }));
