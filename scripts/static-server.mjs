#!/usr/bin/env node
// A static site on 127.0.0.1, served the way the reference server serves
// dist/: the precompressed `.br`/`.gz` sibling when the browser accepts it,
// the same headers (type, Vary, Cache-Control). The benchmark serves the
// reference forms with it so their bytes compare fairly with the wizard's.
// Usage: node scripts/static-server.mjs DIR [PORT]   (or import serveStatic)
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

const isFile = (file) => { try { return statSync(file).isFile(); } catch { return false; } };

// `br` (else `gzip`) when Accept-Encoding names it with q > 0.
function accepts(header, coding) {
  return (header ?? '').split(',').some((item) => {
    const [name, ...params] = item.split(';').map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    return (name.toLowerCase() === coding || name === '*') && q > 0;
  });
}

/** Serves `dir` at `/`; resolves to `{ url, close() }`. */
export function serveStatic(dir, port = 0) {
  const root = path.resolve(dir);
  const server = createServer((request, response) => {
    let relative = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (relative.endsWith('/')) relative += 'index.html';
    const file = path.join(root, relative);
    if (!file.startsWith(root + path.sep) || !isFile(file)) {
      response.writeHead(404).end();
      return;
    }
    const headers = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      Vary: 'Accept-Encoding',
      // Names with a content hash (Vite's assets) may be cached for good, as the reference server does.
      'Cache-Control': /[-.][0-9A-Za-z_]{8,}\.\w+$/.test(file) && relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    let body = file;
    const acceptEncoding = request.headers['accept-encoding'];
    if (accepts(acceptEncoding, 'br') && isFile(`${file}.br`)) [body, headers['Content-Encoding']] = [`${file}.br`, 'br'];
    else if (accepts(acceptEncoding, 'gzip') && isFile(`${file}.gz`)) [body, headers['Content-Encoding']] = [`${file}.gz`, 'gzip'];
    const data = readFileSync(body);
    headers['Content-Length'] = data.length;
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : data);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
    }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/static-server.mjs DIR [PORT]');
    process.exit(2);
  }
  const { url } = await serveStatic(dir, Number(port ?? 0));
  console.log(`Serving ${path.resolve(dir)} on ${url}/`);
}
