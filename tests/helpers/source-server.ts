/** A local HTTP server whose routes a test sets and changes: feeds, sitemaps, lists, broken documents. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  type?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface SourceServer {
  origin: string;
  routes: Map<string, Route | ((req: IncomingMessage, res: ServerResponse) => void)>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startSourceServer(): Promise<SourceServer> {
  const routes: SourceServer['routes'] = new Map();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (typeof route === 'function') return route(req, res);
    if (route === undefined) {
      if (path === '/robots.txt') return void res.writeHead(404).end();
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/xml', ...route.headers }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function rss(origin: string, items: Array<{ path: string; date?: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>${origin}/</link>${items
    .map((i) => `<item><title>${i.path}</title><link>${origin}${i.path}</link>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}</item>`)
    .join('')}</channel></rss>`;
}

export function urlset(origin: string, entries: Array<{ path: string; lastmod?: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries
    .map((e) => `<url><loc>${origin}${e.path}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`)
    .join('')}</urlset>`;
}

export function sitemapIndex(origin: string, children: Array<{ path: string; lastmod?: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${children
    .map((c) => `<sitemap><loc>${origin}${c.path}</loc>${c.lastmod ? `<lastmod>${c.lastmod}</lastmod>` : ''}</sitemap>`)
    .join('')}</sitemapindex>`;
}
