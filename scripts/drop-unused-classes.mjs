#!/usr/bin/env node
// Removes the JS classes the glue exports that nothing can ever hold, with
// their methods' exports from the .wasm, so that wasm-opt (run next) drops
// their code. wasm-bindgen exports a class for every `#[wasm_bindgen]` struct
// in the dependency tree: Leptos's server functions bring wasm-streams'
// IntoUnderlyingSource, IntoUnderlyingSink and IntoUnderlyingByteSource, which
// this app never uses. A class is unused when the Rust side never hands one
// out (the glue never calls its `__wrap`) and it has no constructor: no one,
// app or host page, can get an instance. MountHandle, which `mount` returns,
// stays. Fails, changing nothing, when a class's code is not laid out as
// expected (a wasm-bindgen whose output differs from the one this was
// written for).
// Usage: node scripts/drop-unused-classes.mjs MAIN.wasm GLUE.js
import { readFileSync, writeFileSync } from 'node:fs';
import { leb, readLeb, rewriteSections } from './wasm-sections.mjs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!gluePath) {
  console.error('usage: drop-unused-classes.mjs MAIN.wasm GLUE.js');
  process.exit(2);
}

const fail = (message) => {
  console.error(`drop-unused-classes: ${message}: nothing was changed`);
  process.exit(1);
};

let glue = readFileSync(gluePath, 'utf8');
const unused = [...glue.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1])
  .filter((name) => !glue.includes(`${name}.__wrap(`) && !/^\s+constructor\(/m.test(classBody(name)));

function classBody(name) {
  const start = glue.indexOf(`export class ${name} {\n`);
  const end = glue.indexOf('\n}\n', start);
  return start < 0 || end < 0 ? '' : glue.slice(start, end + 3);
}

// The glue: the class, its Symbol.dispose line and its FinalizationRegistry.
for (const name of unused) {
  const body = classBody(name);
  if (!body) fail(`the class ${name} was not found whole`);
  glue = glue.replace(body, '');
  const dispose = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
  if (!glue.includes(dispose)) fail(`${name}'s dispose line was not found`);
  glue = glue.replace(dispose, '');
  const registry = new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm');
  if (!registry.test(glue)) fail(`${name}'s FinalizationRegistry was not found`);
  glue = glue.replace(registry, '');
  if (new RegExp(`\\b${name}\\b`).test(glue)) fail(`${name} is still named in the glue`);
}

// The .wasm: the classes' exports (`__wbg_<class>_free`, `<class>_<method>`).
const prefixes = unused.map((name) => name.toLowerCase());
const isUnused = (exported) => prefixes.some((p) => exported === `__wbg_${p}_free` || exported.startsWith(`${p}_`));
const dropped = [];
const rewritten = rewriteSections(readFileSync(wasmPath), wasmPath, {
  7: (body) => {
    const kept = [];
    let [count, at] = readLeb(body, 0);
    for (; count > 0; count -= 1) {
      const start = at;
      let length;
      [length, at] = readLeb(body, at);
      const name = body.subarray(at, (at += length)).toString('utf8');
      at += 1; // kind
      [, at] = readLeb(body, at);
      if (isUnused(name)) dropped.push(name);
      else kept.push(body.subarray(start, at));
    }
    return Buffer.concat([leb(kept.length), ...kept]);
  },
});
for (const exported of dropped) {
  if (new RegExp(`\\bwasm\\.${exported}\\b`).test(glue)) fail(`the glue still calls ${exported}`);
}
if (unused.length && !dropped.length) fail(`no export of ${unused.join(', ')} was found`);
writeFileSync(wasmPath, rewritten);
writeFileSync(gluePath, glue);
console.error(`drop-unused-classes: ${unused.join(', ') || 'none'}; ${dropped.length} exports dropped`);
