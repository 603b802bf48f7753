/**
 * A small local news site on 127.0.0.1: article pages at /a/<n>, robots.txt allowing
 * all, and a mutable RSS feed at /feed.xml — for the API, scheduler and acceptance tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function articleHtml(n: number, origin: string): string {
  const para = (i: number) =>
    `Paragraph ${i} of article ${n}: the council met on Tuesday to discuss the harbour plan, ` +
    `which residents say will change the waterfront for a generation; story number ${n} covers it in full.`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour plan story ${n} | Local Herald</title>
<link rel="canonical" href="${origin}/a/${n}">
<meta property="og:title" content="Harbour plan story ${n}">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-05-0${(n % 9) + 1}T08:00:00Z">
</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Harbour plan story ${n}</h1><p class="byline">By Jane Reporter</p>
${[1, 2, 3, 4, 5].map((i) => `<p>${para(i)}</p>`).join('\n')}
</article></main><footer>© Local Herald</footer></body></html>`;
}

export interface FeedItem {
  path: string;
  updated: string;
}

export interface ArticleSite {
  origin: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Items served by /feed.xml (RSS 2.0), newest last; mutate to grow the feed. */
  feed: FeedItem[];
  close(): Promise<void>;
}

export async function startArticleSite(): Promise<ArticleSite> {
  const hits = new Map<string, number>();
  const feed: FeedItem[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const m = /^\/a\/(\d+)$/.exec(path);
    if (m) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articleHtml(Number(m[1]), origin));
      return;
    }
    if (path === '/feed.xml') {
      const items = feed
        .map((i) => `<item><title>${i.path}</title><link>${origin}${i.path}</link><guid>${origin}${i.path}</guid><pubDate>${i.updated}</pubDate></item>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Herald</title><link>${origin}/</link>${items}</channel></rss>`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    feed,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
