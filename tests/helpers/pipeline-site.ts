/**
 * A local fixture news site on 127.0.0.1 with generated article pages, for the
 * pipeline, CLI and queue tests and the pipeline benchmark. Paths:
 *
 *   /a/N        an article (distinct text per N), ETag "a-N-vV"; If-None-Match → 304
 *   /missing/N  404                    /gone-binary/N  200 image/png (NOT_HTML)
 *   /flaky/N    503 for the first `flakyFailures` requests of that path, then the article
 *   /down/N     always 503             /robots.txt    allows everything
 *
 * `delayMs` delays every response (to keep jobs in flight long enough to kill a worker).
 * `version(n)` bumps an article's content (ETag changes).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ArticleSiteOptions {
  delayMs?: number;
  flakyFailures?: number;
  /** Serve these pages (HTML) instead of generated ones for /a/N: page N % pages.length. */
  pages?: readonly string[];
}

export interface ArticleSite {
  origin: string;
  url(path: string): string;
  /** Requests per path so far (GETs of articles, 304s included). */
  hits(path: string): number;
  totalRequests(): number;
  bump(n: number): void;
  close(): Promise<void>;
}

const WORDS = (
  'council harbour storm power budget school river minister police court market weather rugby election ' +
  'hospital village bridge festival museum library farmer train airport island mountain coast forest ' +
  'teacher nurse doctor mayor judge report survey plan housing water energy transport wildlife ocean ' +
  'season record crowd league coach player match final winter summer spring autumn rain wind flood fire ' +
  'community volunteer charity program funding project research science history art music theatre film'
).split(' ');

/** Deterministic pseudo-random words: the same N always gives the same article. */
function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export function articleHtml(n: number, version = 0): string {
  const r = rng(n * 7919 + version * 104729 + 1);
  const sentence = (): string => {
    const len = 12 + Math.floor(r() * 12);
    const words = Array.from({ length: len }, () => WORDS[Math.floor(r() * WORDS.length)]!);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return words.join(' ') + '.';
  };
  const paragraphs = Array.from({ length: 6 }, () => `<p>${sentence()} ${sentence()} ${sentence()}</p>`).join('\n');
  const title = `Article ${n}: ${sentence().slice(0, 60)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="article"><meta name="author" content="Reporter ${n % 17}">
<meta property="article:published_time" content="2024-05-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>${title}</h1><p class="byline">By Reporter ${n % 17}</p>
${paragraphs}
</article><footer>© Fixture News</footer></body></html>`;
}

export async function startArticleSite(options: ArticleSiteOptions = {}): Promise<ArticleSite> {
  const hits = new Map<string, number>();
  const versions = new Map<number, number>();
  let total = 0;
  const flakyFailures = options.flakyFailures ?? 1;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    total++;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const m = /^\/([a-z-]+)\/(\d+)$/.exec(path);
    const kind = m?.[1];
    const n = Number(m?.[2] ?? -1);
    const serveArticle = (): void => {
      const version = versions.get(n) ?? 0;
      const etag = `"a-${n}-v${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      const html = options.pages && options.pages.length > 0 ? options.pages[n % options.pages.length]! : articleHtml(n, version);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(html);
    };
    switch (kind) {
      case 'a':
        return serveArticle();
      case 'flaky':
        if (count <= flakyFailures) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('try again');
          return;
        }
        return serveArticle();
      case 'down':
        res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
        return;
      case 'gone-binary':
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not found</h1></body></html>');
    }
  };

  const server: Server = createServer((req, res) => {
    if (options.delayMs) setTimeout(() => handle(req, res), options.delayMs);
    else handle(req, res);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    hits: (path) => hits.get(path) ?? 0,
    totalRequests: () => total,
    bump(n) {
      versions.set(n, (versions.get(n) ?? 0) + 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
