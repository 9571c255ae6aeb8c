// What the build's .wasm rewriters (scripts/drop-unused-classes.mjs,
// scripts/minify-imports.mjs) share: the WebAssembly binary's unsigned LEB128
// numbers, and a module rebuilt with some of its sections rewritten.

/** The unsigned LEB128 number at `at` in `bytes`, and the offset after it. */
export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128. */
export function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** The module `wasm` with each section whose id has a rewriter in `rewrite`
 * replaced by what that rewriter returns for its body (left out where it
 * returns null). */
export function rewriteSections(wasm, path, rewrite) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${path} is not WebAssembly`);
  const parts = [wasm.subarray(0, 8)];
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at++];
    let size;
    [size, at] = readLeb(wasm, at);
    let body = wasm.subarray(at, (at += size));
    if (rewrite[id]) body = rewrite[id](body);
    if (body !== null) parts.push(Buffer.from([id]), leb(body.length), body);
  }
  return Buffer.concat(parts);
}
