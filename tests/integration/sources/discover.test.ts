/**
 * The discover worker on the real Redis, against sources served by a local server:
 * a feed scheduled every second enqueues each new item exactly once as it grows; a
 * sitemap index with a .xml.gz child, lastmod changes re-ingest (forced); bad sources
 * fail with their code and do not stop the others.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config.js';
import { createFetcher, type Fetcher } from '../../../src/fetch/index.js';
import { createMetricsRecorder, readAggregate } from '../../../src/metrics/aggregate.js';
import { createProducer, INGEST_QUEUE, type Producer } from '../../../src/queue/index.js';
import { discoverSource } from '../../../src/sources/discover.js';
import { DISCOVER_QUEUE, syncSchedulers } from '../../../src/sources/scheduler.js';
import { parseSourcesYaml, type Source } from '../../../src/sources/schema.js';
import { createSeenMemory, type SeenMemory } from '../../../src/sources/seen.js';
import { createDiscoverWorker, type DiscoverWorker } from '../../../src/sources/worker.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { rss, sitemapIndex, startSourceServer, urlset, type SourceServer } from '../../helpers/source-server.js';

const prefix = `gtest-disc-${randomUUID().slice(0, 8)}`;
let server: SourceServer;
let redis: Redis;
let fetcher: Fetcher;
let producer: Producer;
let seen: SeenMemory;
let ingestQueue: Queue;
let dir: string;

beforeAll(async () => {
  server = await startSourceServer();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  fetcher = createFetcher(ConfigSchema.parse({ allowPrivateNetworks: true, hostIntervalMs: 0, deadlineMs: 3000, maxBytes: 1 << 20 }));
  producer = await createProducer({ redisUrl: 'redis://127.0.0.1:6379', prefix });
  seen = createSeenMemory(redis, { prefix });
  ingestQueue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  dir = mkdtempSync(join(tmpdir(), 'gleaner-disc-'));
});
afterAll(async () => {
  await ingestQueue.close();
  await producer.close();
  await fetcher.close();
  await server.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const deps = () => ({ fetcher, seen, enqueue: producer.enqueue.bind(producer), maxBytes: 1 << 20 });
const source = (yaml: string): Source => parseSourcesYaml(`sources:\n  - ${yaml}`, dir)[0]!;

/** Every ingest job's URL (any state), counted. */
async function ingestUrls(): Promise<Map<string, number>> {
  const jobs = await ingestQueue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
  const out = new Map<string, number>();
  for (const j of jobs) out.set(j.data.url as string, (out.get(j.data.url as string) ?? 0) + 1);
  return out;
}

describe('discoverSource', () => {
  it('a sitemap index with a gzip child: new URLs once, unchanged children skipped, changed lastmod re-ingested', async () => {
    const o = server.origin;
    server.routes.set('/idx.xml', { body: sitemapIndex(o, [{ path: '/s1.xml.gz', lastmod: '2024-05-01' }, { path: '/s2.xml' }]) });
    server.routes.set('/s1.xml.gz', { type: 'application/x-gzip', body: gzipSync(urlset(o, [{ path: '/m/1', lastmod: '2024-05-01' }, { path: '/m/2' }])) });
    server.routes.set('/s2.xml', { type: 'text/xml', body: urlset(o, [{ path: '/m/3' }]) });
    const src = source(`{id: idx, kind: sitemap, url: "${o}/idx.xml", every: 1h}`);

    const first = await discoverSource(src, deps());
    expect(first).toMatchObject({ found: 3, enqueued: 3, changed: 0, sitemaps: { fetched: 2, unchanged: 0, failed: [] } });

    const second = await discoverSource(src, deps());
    // s1 unchanged by lastmod → not fetched; s2 has no lastmod → fetched, nothing new.
    expect(second).toMatchObject({ enqueued: 0, sitemaps: { fetched: 1, unchanged: 1 } });
    expect(server.hits.get('/s1.xml.gz')).toBe(1);

    server.routes.set('/idx.xml', { body: sitemapIndex(o, [{ path: '/s1.xml.gz', lastmod: '2024-05-02' }, { path: '/s2.xml' }]) });
    server.routes.set('/s1.xml.gz', { type: 'application/x-gzip', body: gzipSync(urlset(o, [{ path: '/m/1', lastmod: '2024-05-02' }, { path: '/m/2' }])) });
    const third = await discoverSource(src, deps());
    expect(third).toMatchObject({ enqueued: 1, changed: 1 });
    const urls = await ingestUrls();
    expect(urls.get(`${o}/m/2`)).toBe(1);
    expect(urls.get(`${o}/m/3`)).toBe(1);
    // /m/1 changed: a forced re-ingest beside (or instead of) its first job.
    expect(urls.get(`${o}/m/1`)).toBeGreaterThanOrEqual(1);
    expect((await ingestQueue.getJobs(['waiting'])).filter((j) => j.data.url === `${o}/m/1`).length).toBeGreaterThanOrEqual(1);
  });

  it('a URL list from a file, capped by maxUrls per run', async () => {
    const path = join(dir, 'list.txt');
    writeFileSync(path, Array.from({ length: 5 }, (_, i) => `${server.origin}/l/${i}`).join('\n') + '\nnot a url\n');
    const src = source(`{id: list, kind: urls, file: list.txt, every: 1h, maxUrls: 3}`);
    expect(await discoverSource(src, deps())).toMatchObject({ found: 5, enqueued: 3, invalid: 1 });
    expect(await discoverSource(src, deps())).toMatchObject({ enqueued: 2 });
    expect(await discoverSource(src, deps())).toMatchObject({ enqueued: 0 });
  });

  it('bad sources fail with their code', async () => {
    const o = server.origin;
    server.routes.set('/broken.xml', { body: '<rss><channel><item></channel>' });
    server.routes.set('/page.html', { type: 'text/html', body: '<html><body>hello</body></html>' });
    const cases: Array<[string, string]> = [
      [`{id: b1, kind: feed, url: "${o}/broken.xml", every: 1h}`, 'PARSE_FAILED'],
      [`{id: b2, kind: feed, url: "${o}/page.html", every: 1h}`, 'INVALID_SOURCE'],
      [`{id: b3, kind: feed, url: "${o}/missing.xml", every: 1h}`, 'HTTP_CLIENT_ERROR'],
      [`{id: b4, kind: feed, url: "http://127.0.0.1:1/feed.xml", every: 1h}`, 'CONNECT_FAILED'],
      [`{id: b5, kind: urls, file: nowhere.txt, every: 1h}`, 'FILE_NOT_FOUND'],
    ];
    for (const [yaml, code] of cases) {
      await expect(discoverSource(source(yaml), deps())).rejects.toMatchObject({ code });
    }
  });
});

describe('the discover worker with schedulers', () => {
  let worker: DiscoverWorker;
  let events: QueueEvents;
  let discoverQueue: Queue;

  beforeAll(async () => {
    const { logger } = captureLogger('silent');
    worker = createDiscoverWorker({
      connection: redis, ...deps(), prefix, logger, recorder: createMetricsRecorder(redis, { prefix }),
    });
    discoverQueue = new Queue(DISCOVER_QUEUE, { connection: redis, prefix });
    events = new QueueEvents(DISCOVER_QUEUE, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker.close(5000);
    await events.close();
    await discoverQueue.close();
  });

  it('a feed scheduled every second enqueues each new item exactly once as it grows; a bad source beside it does not stop it', async () => {
    const o = server.origin;
    const items: Array<{ path: string }> = [{ path: '/f/1' }, { path: '/f/2' }];
    server.routes.set('/grow.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(o, items));
    });
    server.routes.set('/bad.xml', { body: '<<<not xml' });
    const sources = parseSourcesYaml(`sources:
  - {id: grow, kind: feed, url: "${o}/grow.xml", every: 1s}
  - {id: bad, kind: feed, url: "${o}/bad.xml", every: 1s}
`, dir);
    await syncSchedulers(discoverQueue, sources);

    const waitFor = async (pred: () => Promise<boolean>, ms = 10_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await pred()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('timed out');
    };
    const growUrls = async () => [...(await ingestUrls()).entries()].filter(([u]) => u.startsWith(`${o}/f/`));

    await waitFor(async () => (await growUrls()).length === 2);
    items.push({ path: '/f/3' });
    await waitFor(async () => (await growUrls()).length === 3);
    items.push({ path: '/f/4' }, { path: '/f/5' });
    await waitFor(async () => (await growUrls()).length === 5);
    // Let a few more ticks pass over an unchanged feed.
    const hitsBefore = server.hits.get('/grow.xml') ?? 0;
    await waitFor(async () => (server.hits.get('/grow.xml') ?? 0) >= hitsBefore + 2, 6000);
    const final = await growUrls();
    expect(final.map(([u]) => u).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `${o}/f/${i}`));
    expect(final.every(([, n]) => n === 1)).toBe(true);

    await waitFor(async () => (server.hits.get('/bad.xml') ?? 0) >= 2);
    const agg = await readAggregate(redis, prefix);
    expect(agg.discoverRuns.find((r) => r.source === 'bad' && r.outcome === 'failed')).toMatchObject({ code: 'PARSE_FAILED' });
    expect(agg.discoverRuns.find((r) => r.source === 'grow' && r.outcome === 'completed')!.value).toBeGreaterThanOrEqual(3);
    expect(agg.discoverUrls.find((r) => r.source === 'grow')!.value).toBe(5);
    const failed = await discoverQueue.getJobs(['failed']);
    expect(failed.some((j) => j.failedReason.startsWith('PARSE_FAILED:'))).toBe(true);

    await syncSchedulers(discoverQueue, []);
    expect(await discoverQueue.getJobSchedulersCount()).toBe(0);
  }, 40_000);
});
