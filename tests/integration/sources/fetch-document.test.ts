/**
 * The fetcher's `accept: 'document'` option (added for feeds and sitemaps): XML, plain
 * text and gzip files pass, with the bytes returned undecoded; HTML mode still refuses
 * them; the guard and robots.txt apply the same.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config.js';
import { GleanerError } from '../../../src/errors.js';
import { createFetcher, type Fetcher } from '../../../src/fetch/index.js';
import { rss, startSourceServer, type SourceServer } from '../../helpers/source-server.js';

let server: SourceServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startSourceServer();
  fetcher = createFetcher(ConfigSchema.parse({ allowPrivateNetworks: true, hostIntervalMs: 0, deadlineMs: 3000, maxBytes: 1 << 20 }));
  server.routes.set('/feed.xml', { type: 'application/rss+xml; charset=utf-8', body: rss(server.origin, [{ path: '/a' }]) });
  server.routes.set('/sitemap.xml.gz', { type: 'application/x-gzip', body: gzipSync('<urlset/>') });
  server.routes.set('/list.txt', { type: 'text/plain', body: 'https://a.example/1\n' });
  server.routes.set('/doc.pdf', { type: 'application/pdf', body: '%PDF-1.4' });
  server.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n' });
  server.routes.set('/private/feed.xml', { type: 'application/rss+xml', body: rss(server.origin, []) });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

async function code(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GleanerError);
  return (err as GleanerError).code;
}

describe("fetch(url, { accept: 'document' })", () => {
  it('returns XML, gzip and text bodies as bytes', async () => {
    const feed = await fetcher.fetch(`${server.origin}/feed.xml`, { accept: 'document' });
    expect(feed.html).toBeNull();
    expect(feed.body?.toString()).toContain('<rss');
    const gz = await fetcher.fetch(`${server.origin}/sitemap.xml.gz`, { accept: 'document' });
    expect(gz.body?.[0]).toBe(0x1f);
    const list = await fetcher.fetch(`${server.origin}/list.txt`, { accept: 'document' });
    expect(list.body?.toString()).toBe('https://a.example/1\n');
  });

  it('still refuses other types, and HTML mode still refuses XML', async () => {
    expect(await code(fetcher.fetch(`${server.origin}/doc.pdf`, { accept: 'document' }))).toBe('NOT_HTML');
    expect(await code(fetcher.fetch(`${server.origin}/feed.xml`))).toBe('NOT_HTML');
  });

  it('obeys robots.txt and the address guard', async () => {
    expect(await code(fetcher.fetch(`${server.origin}/private/feed.xml`, { accept: 'document' }))).toBe('ROBOTS_DISALLOWED');
    const guarded = createFetcher(ConfigSchema.parse({ allowPrivateNetworks: false }));
    try {
      expect(await code(guarded.fetch(`${server.origin}/feed.xml`, { accept: 'document' }))).toBe('BLOCKED_ADDRESS');
    } finally {
      await guarded.close();
    }
  });
});
