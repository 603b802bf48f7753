/**
 * A real HTTP server on 127.0.0.1 (port 0) with misbehaving routes, for fetcher tests.
 * It records every request it receives, so guard tests can prove a blocked request
 * never arrived.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Date.now() on arrival. */
  at: number;
}

export interface RobotsBehaviour {
  status: number;
  body?: string;
  /** Location header (for 3xx). */
  location?: string;
}

export interface HostileServerOptions {
  /** robots.txt answer; default 404 (no robots.txt: everything allowed). */
  robots?: RobotsBehaviour;
  /** Serve over TLS with a self-signed certificate (for TLS_ERROR tests). */
  tls?: boolean;
}

export interface HostileServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Paths requested so far. */
  paths(): string[];
  robots: RobotsBehaviour;
  close(): Promise<void>;
}

/** The texts the /charset routes encode; tests compare the decoded page against these. */
export const CHARSET_SAMPLES: Readonly<Record<string, string>> = {
  'windows-1252': '“Café” costs €5 — naïve façade',
  'ISO-8859-2': 'Zażółć gęślą jaźń w Łodzi',
  Shift_JIS: '東京で記者会見が開かれた',
  'EUC-JP': '大阪のニュース記事です',
  GBK: '北京发布最新经济数据',
  Big5: '臺北市政府今日宣布',
  'KOI8-R': 'Москва: новости дня',
  'EUC-KR': '서울에서 기자회견이 열렸다',
};

export const PAGE = '<!doctype html><html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>';

// Built once, before the server answers: 32 MiB of spaces compresses to about 32 KiB
// (gzip, ~1000:1) or a few hundred bytes (br); the tests cap bodies at 1 MiB.
let bombs: { gzip: Buffer; br: Buffer } | null = null;
function getBombs(): { gzip: Buffer; br: Buffer } {
  if (bombs === null) {
    const zeros = Buffer.alloc(32 * 1024 * 1024, 0x20); // spaces: valid "HTML", only huge
    bombs = { gzip: gzipSync(zeros, { level: 1 }), br: brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }) };
  }
  return bombs;
}

// Self-signed, CN=localhost, test use only: any TLS client verifying certificates rejects it.
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg45LFSEoqio6KzMLa
o0wSFrQJ5eE7GXEttvgsTmDN9omhRANCAATVj+dtfyhplNYG37SBxgh6iBWnLNuf
WGhR7xBGV7tlP74y8iJmONrJSXRAmJAJVCeEwZQFgce8V6mdLRacCWYe
-----END PRIVATE KEY-----
`;
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBgDCCASWgAwIBAgIUdPU+WC6Id2sQPaQ5IIRczdOBh4cwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNzIxMTEzOFoYDzIxMjYxMTAz
MjExMTM4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATVj+dtfyhplNYG37SBxgh6iBWnLNufWGhR7xBGV7tlP74y8iJmONrJ
SXRAmJAJVCeEwZQFgce8V6mdLRacCWYeo1MwUTAdBgNVHQ4EFgQUI0q5u4eWruf0
IXtunE+iQ28Lkd4wHwYDVR0jBBgwFoAUI0q5u4eWruf0IXtunE+iQ28Lkd4wDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEA8Y44czpWO1/wyriDpyC9
VbhW5XBmglGOGlAU70osxLMCIQC7vmvbp3sVjIf5/0bjbEMvcuSXi2Cpn/7ZCak0
t70H7w==
-----END CERTIFICATE-----
`;

/** Writes one byte every `everyMs` until the client goes away. */
function drip(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.write('<');
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write('p');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Writes 16 KiB chunks forever (with backpressure) until the client goes away. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  let closed = false;
  res.on('close', () => { closed = true; });
  const pump = (): void => {
    while (!closed && res.write(chunk)) { /* keep writing until the socket pushes back */ }
    if (!closed) res.once('drain', pump);
  };
  pump();
}

function charsetPage(name: string, mode: string): { body: Buffer; contentType: string } {
  const text = CHARSET_SAMPLES[name];
  if (text === undefined) throw new Error(`no sample for ${name}`);
  // header: charset only in Content-Type; meta: only in <meta>; equiv: http-equiv form; none: neither.
  const meta = mode === 'meta' ? `<meta charset="${name}">`
    : mode === 'equiv' ? `<meta http-equiv="Content-Type" content="text/html; charset=${name}">` : '';
  const html = `<!doctype html><html><head>${meta}<title>t</title></head><body><p>${text}</p></body></html>`;
  return {
    body: iconv.encode(html, name),
    contentType: mode === 'header' ? `text/html; charset=${name.toLowerCase()}` : 'text/html',
  };
}

function handle(server: HostileServer, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', server.origin);
  const path = url.pathname;
  const q = url.searchParams;
  const html = (body: string | Buffer, headers: Record<string, string | number> = {}, status = 200): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };

  if (path === '/robots.txt') {
    const { status, body = '', location } = server.robots;
    res.writeHead(status, { 'content-type': 'text/plain', ...(location !== undefined ? { location } : {}) });
    res.end(body);
    return;
  }
  if (path === '/ok' || path === '/secret' || path.startsWith('/private/') || path.startsWith('/public/')) return html(PAGE);
  if (path === '/hang-headers') return; // never answer; the socket is destroyed on close()
  if (path === '/drip') return drip(res, Number(q.get('every') ?? 1000));
  if (path === '/endless') return endless(res);
  if (path === '/big') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': 50 * 1024 * 1024 });
    res.end(); // the declared length alone must be refused; the socket closes short
    return;
  }
  if (path === '/gzip-bomb') return html(getBombs().gzip, { 'content-encoding': 'gzip' });
  if (path === '/br-bomb') return html(getBombs().br, { 'content-encoding': 'br' });
  if (path === '/gzip') return html(gzipSync(PAGE), { 'content-encoding': 'gzip' });
  if (path === '/br') return html(brotliCompressSync(PAGE), { 'content-encoding': 'br' });
  if (path === '/deflate') return html(deflateSync(PAGE), { 'content-encoding': 'deflate' });
  if (path === '/deflate-raw') return html(deflateRawSync(PAGE), { 'content-encoding': 'deflate' });
  if (path === '/corrupt-gzip') return html(gzipSync(PAGE).subarray(0, 20), { 'content-encoding': 'gzip' });
  if (path === '/loop-a') { res.writeHead(302, { location: '/loop-b' }); res.end(); return; }
  if (path === '/loop-b') { res.writeHead(301, { location: `${server.origin}/loop-a` }); res.end(); return; }
  if (path.startsWith('/chain/')) {
    const n = Number(path.slice('/chain/'.length));
    res.writeHead(n > 0 ? 302 : 200, n > 0 ? { location: `/chain/${n - 1}` } : { 'content-type': 'text/html' });
    res.end(n > 0 ? '' : PAGE);
    return;
  }
  if (path === '/redirect') {
    res.writeHead(Number(q.get('status') ?? 302), { location: q.get('to') ?? '/ok' });
    res.end('moved');
    return;
  }
  if (path.startsWith('/status/')) {
    const status = Number(path.slice('/status/'.length));
    const headers: Record<string, string> = { 'content-type': 'text/html' };
    const retryAfter = q.get('retry-after');
    if (retryAfter !== null) headers['retry-after'] = retryAfter;
    res.writeHead(status, headers);
    res.end(`<html><body>status ${status}</body></html>`);
    return;
  }
  if (path === '/pdf') {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n');
    return;
  }
  if (path === '/binary-as-html') {
    // PNG-like bytes labelled text/html.
    return html(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0x00, 0x00, 0x10, 0x11]));
  }
  if (path === '/nul-in-html') return html(Buffer.from('<html><body>a\u0000b\u0001c</body></html>', 'latin1'));
  if (path === '/no-content-type') {
    res.writeHead(200);
    res.end(PAGE);
    return;
  }
  if (path === '/text-plain') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('just text');
    return;
  }
  if (path === '/xhtml') {
    res.writeHead(200, { 'content-type': 'application/xhtml+xml; charset=utf-8' });
    res.end('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>');
    return;
  }
  if (path === '/utf8-bom') return html(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Ünïcödé</p>')]), { 'content-type': 'text/html; charset=iso-8859-1' });
  if (path === '/windows-1252-default') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(iconv.encode('<p>“quoted” €</p>', 'windows-1252'));
    return;
  }
  if (path.startsWith('/charset/')) {
    const { body, contentType } = charsetPage(decodeURIComponent(path.slice('/charset/'.length)), q.get('mode') ?? 'header');
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
    return;
  }
  if (path === '/conditional') {
    const etag = '"v1"';
    const lastModified = 'Tue, 01 Jul 2025 10:00:00 GMT';
    if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      res.end();
      return;
    }
    return html(PAGE, { etag, 'last-modified': lastModified });
  }
  if (path === '/reset') {
    req.socket.destroy();
    return;
  }
  html('<html><body>not found</body></html>', {}, 404);
}

export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  getBombs();
  const sockets = new Set<Socket>();
  const state: HostileServer = {
    origin: '',
    port: 0,
    requests: [],
    robots: options.robots ?? { status: 404 },
    paths: () => state.requests.map((r) => r.path),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, at: Date.now() });
    handle(state, req, res);
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, listener)
    : createHttpServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${state.port}`;
  return state;
}

/** A port on 127.0.0.1 that was free a moment ago (nothing listens there now). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
