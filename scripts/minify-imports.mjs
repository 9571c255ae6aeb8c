#!/usr/bin/env node
// Gives the main .wasm's imports from its JS glue short names ("a", "b", …),
// in the .wasm's import section and in the glue's import object alike.
// wasm-bindgen names each import after its JS function plus a 16-digit hash
// ("__wbg_setAttribute_f75317b2b5cabfb4"): ~200 such names are written twice,
// once in each file, and their hashes do not compress. (Binaryen's
// --minify-imports renames only imports from the "env" and WASI modules.)
// Only the glue's own module is renamed: the chunk loader's imports keep
// their names (the loader exports them by name), and the chunks import
// nothing from the glue. Fails, leaving both files as they were, when an
// import's name is not found exactly once as a key in the glue (a
// wasm-bindgen whose output differs from the one this was written for).
// Usage: node scripts/minify-imports.mjs MAIN.wasm GLUE.js MODULE MAP.json
// MAP.json records the new name of each import, for reading stack traces.
import { readFileSync, writeFileSync } from 'node:fs';
import { leb, readLeb, rewriteSections } from './wasm-sections.mjs';

const [wasmPath, gluePath, moduleName, mapPath] = process.argv.slice(2);
if (!mapPath) {
  console.error('usage: minify-imports.mjs MAIN.wasm GLUE.js MODULE MAP.json');
  process.exit(2);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// "a" … "Z", "ba" …: no name the glue's object already has (all start with "__").
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (index) => {
  let name = '';
  do {
    name = LETTERS[index % LETTERS.length] + name;
    index = Math.floor(index / LETTERS.length);
  } while (index);
  return name;
};

/** The import section rewritten with `module`'s names shortened, and the renaming. */
function renameImports(body, module) {
  const renamed = new Map();
  const parts = [];
  let at = 0;
  let count;
  [count, at] = readLeb(body, at);
  parts.push(leb(count));
  const skipLimits = () => {
    let flags;
    [flags, at] = readLeb(body, at);
    [, at] = readLeb(body, at);
    if (flags & 1) [, at] = readLeb(body, at);
  };
  for (let i = 0; i < count; i += 1) {
    let length;
    [length, at] = readLeb(body, at);
    const moduleBytes = body.subarray(at, (at += length));
    [length, at] = readLeb(body, at);
    let nameBytes = body.subarray(at, (at += length));
    const descriptorStart = at;
    const kind = body[at++];
    if (kind === 0) [, at] = readLeb(body, at); // function: type index
    else if (kind === 1) { at += 1; skipLimits(); } // table: element type, limits
    else if (kind === 2) skipLimits(); // memory
    else if (kind === 3) at += 2; // global: value type, mutability
    else throw new Error(`import kind ${kind} is not known`);
    if (utf8.decode(moduleBytes) === module) {
      const name = utf8.decode(nameBytes);
      if (renamed.has(name)) throw new Error(`${name} is imported twice`);
      renamed.set(name, shortName(renamed.size));
      nameBytes = Buffer.from(renamed.get(name));
    }
    parts.push(leb(moduleBytes.length), moduleBytes, leb(nameBytes.length), nameBytes, body.subarray(descriptorStart, at));
  }
  if (at !== body.length) throw new Error('the import section has bytes after its imports');
  return [Buffer.concat(parts), renamed];
}

const wasm = readFileSync(wasmPath);
let renamed = null;
const rewritten = rewriteSections(wasm, wasmPath, {
  2: (body) => {
    let imports;
    [imports, renamed] = renameImports(body, moduleName);
    return imports;
  },
});
if (!renamed?.size) throw new Error(`${wasmPath} imports nothing from ${moduleName}`);

let glue = readFileSync(gluePath, 'utf8');
for (const [name, short] of renamed) {
  // The key of the import's function in the glue's import object, and nothing else.
  const uses = glue.split(new RegExp(`\\b${name}\\b`)).length - 1;
  const key = new RegExp(`(^|[\\s{,])${name}(\\s*:)`, 'm');
  if (uses !== 1 || !key.test(glue)) {
    throw new Error(`${name} is not the glue's import key alone (${uses} uses): nothing was changed`);
  }
  glue = glue.replace(key, `$1${short}$2`);
}
writeFileSync(wasmPath, rewritten);
writeFileSync(gluePath, glue);
writeFileSync(mapPath, `${JSON.stringify(Object.fromEntries([...renamed].map(([name, short]) => [short, name])), null, 1)}\n`);
console.error(`minify-imports: ${renamed.size} imports renamed, ${wasm.length} → ${rewritten.length} bytes`);
