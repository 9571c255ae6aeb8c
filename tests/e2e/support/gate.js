// What WebDriver classic (the WebKit adapter, support/webdriver.js) has no
// command for, and Playwright over BiDi (Firefox) does not do, done where the
// page's requests pass: the browser's HTTP proxy (WebDriver's `proxy`
// capability; in Firefox, the test's browser context's `proxy`), one per test.
// In WebKit a test can through it
//   - hold, alter, answer or fail a request (`page.route`),
//   - hear of each request and response (`page.on('request' | 'response')`),
//   - run a script before the page's own (`page.addInitScript`: the proxy puts
//     a `<script src>` first in every HTML page, a path on the page's own
//     origin that the proxy answers, so the page's CSP allows it as 'self').
// In Firefox only `page.route` is the proxy's; the rest stays Playwright's.
// The API is Playwright's, as far as the specs use it, and URLs are matched by
// Playwright's own matcher. Every origin the page uses passes the proxy
// unchanged (the test server, the portal's two servers). Answers are passed
// on as they arrive, asked for uncompressed (a page can then have a script put
// in; such a page, and an answer a route fetches, is read whole first).
import http from 'node:http';
import net from 'node:net';
import { urlMatches } from 'playwright-core/lib/utils';

const INIT_SCRIPT_PATH = '/__gate/init.js';
/** Headers that belong to one connection, not to the request or answer passed on. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'upgrade', 'proxy-connection'];

export async function startGate() {
  const gate = new Gate();
  await gate.start();
  return gate;
}

class Gate {
  constructor() {
    this.routes = [];
    this.listeners = { request: [], response: [], requestfailed: [] };
    this.initScripts = [];
    this.sockets = new Set();
  }

  async start() {
    this.server = http.createServer((req, res) => {
      this.#handle(req, res).catch((error) => {
        console.warn(`gate: ${req.method} ${req.url}: ${error.message}`);
        res.destroy();
      });
    });
    const track = (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    };
    this.server.on('connection', track);
    // A tunnel (CONNECT) is passed through unread. Playwright's own requests
    // (`page.request`, through the context's proxy) ask for one; routes do not
    // apply to them, as in Playwright.
    this.server.on('connect', (req, client, head) => {
      const { hostname, port } = new URL(`http://${req.url}`);
      const upstream = net.connect(Number(port), hostname, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      track(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    /** What the browser is given as its HTTP proxy. */
    this.address = `127.0.0.1:${this.server.address().port}`;
  }

  async close() {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  route(match, handler) { this.routes.push({ match, handler }); }
  /** Whether a request or response is one `match` (a glob, RegExp or predicate, as in Playwright's waitForRequest) names. */
  matches(requestOrResponse, match) {
    return typeof match === 'function' ? Boolean(match(requestOrResponse)) : urlMatches(undefined, requestOrResponse.url(), match);
  }
  unroute(match) { this.routes = this.routes.filter((r) => r.match !== match && String(r.match) !== String(match)); }
  addInitScript(source) { this.initScripts.push(source); }
  on(event, callback) { this.listeners[event].push(callback); }
  off(event, callback) { this.listeners[event] = this.listeners[event].filter((c) => c !== callback); }
  #emit(event, value) { for (const callback of this.listeners[event]) callback(value); }

  async #handle(req, res) {
    // A proxy is asked for the whole URL ("GET http://host:port/path").
    const url = new URL(req.url);
    if (url.pathname === INIT_SCRIPT_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end(this.initScripts.map((s) => `try { ${s} } catch (e) { console.error(e); }`).join('\n'));
      return;
    }
    const body = await readAll(req);
    const request = new GateRequest(url.href, req.method, req.headers, body);
    this.#emit('request', request);
    await this.#routeFrom(this.routes.length - 1, request, res);
  }

  /** The newest route at or before `index` that matches takes the request; none left, it goes on to the server. */
  async #routeFrom(index, request, res) {
    for (let i = index; i >= 0; i -= 1) {
      const { match, handler } = this.routes[i];
      if (urlMatches(undefined, request.url(), match)) {
        await handler(new GateRoute(this, request, res, () => this.#routeFrom(i - 1, request, res)), request);
        return;
      }
    }
    await this.pass(request, res);
  }

  /** Sends `request` (with `overrides`) to the server and gives its whole answer. */
  fetchUpstream(request, overrides = {}) {
    return new Promise((resolve, reject) => {
      this.#send(request, overrides, (answer) => {
        readAll(answer).then((bytes) => resolve(new GateResponse(request, answer.statusCode, answer.headers, bytes)), reject);
      }, reject);
    });
  }

  /** Sends `request` (with `overrides`) on to its server; `onAnswer` gets the answer as it starts. */
  #send(request, overrides, onAnswer, onError) {
    const url = new URL(overrides.url ?? request.url());
    const headers = { ...request.headers(), ...lowerCased(overrides.headers ?? {}) };
    for (const name of HOP_BY_HOP) delete headers[name];
    delete headers['proxy-authorization'];
    headers['accept-encoding'] = 'identity';
    const body = overrides.postData === undefined ? request.body : Buffer.from(overrides.postData);
    if (body.length) headers['content-length'] = String(body.length);
    const upstream = http.request({
      host: url.hostname, port: url.port, method: overrides.method ?? request.method(),
      path: url.pathname + url.search, headers,
    }, onAnswer);
    upstream.on('error', onError);
    upstream.end(body);
  }

  /** Passes `request` on to its server and the answer back as it arrives: a page the server
   * sends in parts reaches the browser in parts. A page that gets the init scripts is read whole. */
  async pass(request, res, overrides = {}) {
    const failed = () => this.fail(request, res);
    this.#send(request, overrides, (answer) => {
      if (this.initScripts.length && isHtml(answer.headers)) {
        readAll(answer).then((bytes) => this.answer(res, new GateResponse(request, answer.statusCode, answer.headers, bytes)), failed);
        return;
      }
      if (this.closed) return;
      const headers = this.#headersPassedOn(answer.headers);
      if (answer.headers['content-length'] !== undefined) headers['content-length'] = answer.headers['content-length'];
      res.writeHead(answer.statusCode, headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('end', () => this.#emit('response', new GateResponse(request, answer.statusCode, headers, null)));
    }, failed);
  }

  answer(res, response, body = response.body()) {
    if (this.closed) return;
    const headers = this.#headersPassedOn(response.headers());
    if (this.initScripts.length && isHtml(headers)) body = withInitScript(body);
    headers['content-length'] = String(body.length);
    res.writeHead(response.status(), headers);
    res.end(body);
    this.#emit('response', new GateResponse(response.request(), response.status(), headers, body));
  }

  #headersPassedOn(received) {
    const headers = Object.fromEntries(Object.entries(received).filter(([name]) => !HOP_BY_HOP.includes(name)));
    if (this.routes.length) {
      // As in Playwright, routing turns the cache off: every request comes by a route.
      headers['cache-control'] = 'no-store';
      delete headers.etag;
      delete headers['last-modified'];
    }
    return headers;
  }

  fail(request, res) {
    this.#emit('requestfailed', request);
    res.destroy();
  }
}

const isHtml = (headers) => /^text\/html/i.test(headers['content-type'] ?? '');

/** The proxy's script first in `<head>`, before any of the page's own. */
function withInitScript(html) {
  const text = html.toString('utf8');
  const tag = `<script src="${INIT_SCRIPT_PATH}"></script>`;
  const head = text.match(/<head[^>]*>/i);
  return Buffer.from(head ? text.replace(head[0], `${head[0]}${tag}`) : tag + text);
}

class GateRequest {
  constructor(url, method, headers, body) {
    this.requestUrl = url;
    this.requestMethod = method;
    this.requestHeaders = headers;
    this.body = body;
  }
  url() { return this.requestUrl; }
  method() { return this.requestMethod; }
  headers() { return { ...this.requestHeaders }; }
  postData() { return this.body.length ? this.body.toString('utf8') : null; }
  postDataJSON() { const data = this.postData(); return data === null ? null : JSON.parse(data); }
}

class GateResponse {
  constructor(request, status, headers, body) {
    this.answerRequest = request;
    this.answerStatus = status;
    this.answerHeaders = headers;
    this.bytes = body;
  }
  request() { return this.answerRequest; }
  url() { return this.answerRequest.url(); }
  status() { return this.answerStatus; }
  ok() { return this.answerStatus >= 200 && this.answerStatus < 300; }
  headers() { return { ...this.answerHeaders }; }
  body() { return this.bytes; }
  async text() { return this.bytes.toString('utf8'); }
  async json() { return JSON.parse(this.bytes.toString('utf8')); }
}

/** One request a route took: it must be passed on, answered or failed (`Route` in Playwright). */
class GateRoute {
  constructor(gate, request, res, fallback) {
    this.gate = gate;
    this.routed = request;
    this.res = res;
    this.next = fallback;
  }
  request() { return this.routed; }
  continue(overrides) { return this.gate.pass(this.routed, this.res, overrides); }
  fallback() { return this.next(); }
  fetch(overrides) { return this.gate.fetchUpstream(this.routed, overrides); }
  // The error code is Playwright's; over a socket every failure is the same dropped connection.
  async abort() { this.gate.fail(this.routed, this.res); }
  async fulfill({ status, headers = {}, contentType, body, json, response } = {}) {
    const answerHeaders = { ...(response ? response.headers() : {}), ...lowerCased(headers) };
    if (contentType) answerHeaders['content-type'] = contentType;
    if (json !== undefined) {
      body = JSON.stringify(json);
      answerHeaders['content-type'] ??= 'application/json';
    }
    const bytes = body === undefined ? (response ? response.body() : Buffer.alloc(0)) : Buffer.from(body);
    this.gate.answer(this.res, new GateResponse(this.routed, status ?? response?.status() ?? 200, answerHeaders, bytes), bytes);
  }
}

function lowerCased(headers) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
