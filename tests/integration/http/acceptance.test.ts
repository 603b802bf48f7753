/**
 * Issue 6 acceptance: `serve` and the workers against a local fixture site and a real
 * (test-owned) Redis. POST 100 URLs with the token, plus bad ones and one request
 * without a token; poll the jobs to completion; fetch the records; a feed scheduled
 * every second enqueues each new item exactly once as it grows; /metrics counts match
 * the work done; stopping Redis turns /readyz red within 10 s.
 *
 * `serve` runs as in `gleaner serve` (src/http/serve.ts, a real listen); the ingest
 * worker is the queue's createIngestWorker with the job-metrics hook attached (the
 * same two calls `gleaner work` needs — see attachJobMetrics), the discover worker
 * as in workers/discover.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../src/config.js';
import { createFetcher, type Fetcher } from '../../../src/fetch/index.js';
import { serve, type RunningServer } from '../../../src/http/serve.js';
import { attachJobMetrics, createMetricsRecorder } from '../../../src/metrics/aggregate.js';
import { createIngestWorker, createProducer, createWorkerRedis, type IngestWorker, type Producer } from '../../../src/queue/index.js';
import { DISCOVER_QUEUE, syncSchedulers } from '../../../src/sources/scheduler.js';
import { parseSourcesYaml } from '../../../src/sources/schema.js';
import { createSeenMemory } from '../../../src/sources/seen.js';
import { createDiscoverWorker, type DiscoverWorker } from '../../../src/sources/worker.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { startArticleSite, type ArticleSite } from '../../helpers/news-site.js';
import { startRedisProcess, type RedisProcess } from '../../helpers/redis-process.js';

const TOKEN = `acc-${randomUUID()}`;
const prefix = `gtest-acc-${randomUUID().slice(0, 8)}`;
const log = captureLogger('info');

let redis: RedisProcess;
let site: ArticleSite;
let dir: string;
let config: Config;
let api: RunningServer;
let store: Store;
let fetcher: Fetcher;
let ingest: IngestWorker;
let discover: DiscoverWorker;
let producer: Producer;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await startRedisProcess({ appendonly: true });
  site = await startArticleSite();
  dir = mkdtempSync(join(tmpdir(), 'gleaner-acc-'));
  config = ConfigSchema.parse({
    redisUrl: redis.url, store: `sqlite:${join(dir, 'gleaner.db')}`, apiToken: TOKEN, host: '127.0.0.1', port: 0,
    allowPrivateNetworks: true, hostConcurrency: 16, hostIntervalMs: 0, deadlineMs: 10_000,
  });
  api = await serve({ config, logger: log.logger, prefix, queueDepthIntervalMs: 500 });

  // `gleaner work`: the ingest worker (in this process) with the metrics hook.
  store = await openStore(config.store);
  fetcher = createFetcher(config);
  const workerRedis = createWorkerRedis(config.redisUrl);
  workerRedis.on('error', () => undefined);
  ingest = createIngestWorker({ connection: workerRedis, deps: { fetcher, store }, concurrency: 8, prefix, stalledIntervalMs: 5000 });
  attachJobMetrics(ingest.worker, createMetricsRecorder(workerRedis, { prefix }));

  // The discover worker (workers/discover.ts).
  producer = await createProducer({ redisUrl: config.redisUrl, prefix });
  discover = createDiscoverWorker({
    connection: workerRedis, fetcher, seen: createSeenMemory(workerRedis, { prefix }),
    enqueue: (urls, opts) => producer.enqueue(urls, opts), maxBytes: config.maxBytes, prefix,
    recorder: createMetricsRecorder(workerRedis, { prefix }),
  });
  closers.push(
    () => discover.close(5000), () => ingest.close(5000), () => producer.close(), () => api.close(),
    () => fetcher.close(), () => store.close(), async () => workerRedis.disconnect(),
  );
}, 60_000);

afterAll(async () => {
  // Bring Redis back so BullMQ can close cleanly (the last test stopped it); bound each close anyway.
  await redis?.start();
  for (const close of closers) {
    await Promise.race([close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  }
  await site?.close();
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
  fetch(`${api.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
  });

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function metric(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? NaN : Number(found.slice(line.length + 1));
}

describe('serve + work on a local fixture site', () => {
  let urls: string[] = [];
  beforeAll(() => {
    urls = Array.from({ length: 100 }, (_, i) => `${site.origin}/a/${i + 1}`);
  });
  const recordIds = new Map<string, string>();

  it('accepts 100 URLs with the token, refuses bad ones and a request without a token', async () => {
    const denied = await call('/v1/urls', { method: 'POST', body: JSON.stringify({ urls: urls.slice(0, 1) }) }, null);
    expect(denied.status).toBe(401);

    const bad = await call('/v1/urls', { method: 'POST', body: JSON.stringify({ urls: [urls[0], 'gopher://x.example/', 'http://a:b@x.example/'] }) });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { code: string; details: Array<{ url: string }> } };
    expect(badBody.error.code).toBe('INVALID_URL');
    expect(badBody.error.details.map((d) => d.url)).toEqual(['gopher://x.example/', 'http://a:b@x.example/']);

    const res = await call('/v1/urls', { method: 'POST', body: JSON.stringify({ urls }) });
    expect(res.status).toBe(202);
    const { jobs } = (await res.json()) as { jobs: Array<{ url: string; jobId: string; status: string }> };
    expect(jobs).toHaveLength(100);
    expect(jobs.every((j, i) => j.url === urls[i] && j.status === 'queued')).toBe(true);

    const again = await call('/v1/urls', { method: 'POST', body: JSON.stringify({ urls: urls.slice(0, 3) }) });
    expect(((await again.json()) as { jobs: Array<{ status: string }> }).jobs.map((j) => j.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);

    // Poll every job to completion.
    await until(async () => {
      const states = await Promise.all(jobs.map(async (j) => {
        const r = await call(`/v1/jobs/${encodeURIComponent(j.jobId)}`);
        const body = (await r.json()) as { state: string; recordId?: string; error?: unknown };
        if (body.state === 'completed' && body.recordId) recordIds.set(j.url, body.recordId);
        return body.state;
      }));
      expect(states.filter((s) => s === 'failed')).toEqual([]);
      return states.every((s) => s === 'completed');
    }, 60_000, '100 jobs to complete');
    expect(recordIds.size).toBe(100);
  }, 90_000);

  it('serves each record', async () => {
    for (const [url, id] of recordIds) {
      const res = await call(`/v1/records/${id}`);
      expect(res.status).toBe(200);
      const record = (await res.json()) as { id: string; url: string; title: string; paragraphs: string[] };
      expect(record).toMatchObject({ id, url, title: `Harbour plan story ${url.split('/').pop()}` });
      expect(record.paragraphs.length).toBe(5);
    }
  });

  it('a feed scheduled every second enqueues each new item exactly once as it grows', async () => {
    site.feed.push({ path: '/a/1001', updated: 'Tue, 07 May 2024 08:00:00 GMT' }, { path: '/a/1002', updated: 'Tue, 07 May 2024 09:00:00 GMT' });
    const queue = new Queue(DISCOVER_QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix });
    try {
      await syncSchedulers(queue, parseSourcesYaml(`sources:\n  - {id: herald, kind: feed, url: "${site.origin}/feed.xml", every: 1s}\n`, dir));
      await until(async () => recordCount(['1001', '1002']), 20_000, 'first feed items ingested');
      site.feed.push({ path: '/a/1003', updated: 'Tue, 07 May 2024 10:00:00 GMT' });
      await until(async () => recordCount(['1003']), 20_000, 'the new feed item ingested');
      const feedHits = site.hits.get('/feed.xml') ?? 0;
      await until(async () => (site.hits.get('/feed.xml') ?? 0) >= feedHits + 2, 10_000, 'more feed polls');
      for (const n of ['1001', '1002', '1003']) expect(site.hits.get(`/a/${n}`)).toBe(1);
      await syncSchedulers(queue, []);
    } finally {
      await queue.close();
    }
  }, 60_000);

  async function recordCount(ns: string[]): Promise<boolean> {
    return ns.every((n) => (site.hits.get(`/a/${n}`) ?? 0) >= 1) && (await store.count()) >= 100 + Number(ns[ns.length - 1]) - 1000;
  }

  it('/metrics counts match the work done', async () => {
    const text = await until(async () => {
      const t = await (await fetch(`${api.url}/metrics`)).text();
      return metric(t, 'gleaner_jobs_total{outcome="completed",code=""}') === 103 ? t : null;
    }, 10_000, 'metrics to catch up');
    expect(metric(text, 'gleaner_records_stored_total{result="created"}')).toBe(103);
    expect(metric(text, 'gleaner_stage_duration_seconds_count{stage="total"}')).toBe(103);
    expect(metric(text, 'gleaner_fetch_bytes_total')).toBeGreaterThan(103 * 1000);
    expect(metric(text, 'gleaner_queue_jobs{queue="ingest",state="completed"}')).toBe(103);
    expect(metric(text, 'gleaner_queue_jobs{queue="ingest",state="failed"}')).toBe(0);
    expect(metric(text, 'gleaner_discover_urls_enqueued_total{source="herald"}')).toBe(3);
    expect(metric(text, 'gleaner_http_request_duration_seconds_count{method="POST",route="/v1/urls",status="202"}')).toBe(2);
    expect(text).not.toMatch(/gleaner_jobs_total\{outcome="failed"/);
    expect(await store.count()).toBe(103);
  });

  it('logs: one line per /v1 request, periodic queue depth, never the token', () => {
    const entries = log.entries();
    expect(entries.filter((e) => e.msg === 'http request').length).toBeGreaterThanOrEqual(100 + 4);
    expect(entries.some((e) => e.msg === 'queue depth' && e.queue === 'ingest' && typeof e.waiting === 'number' && typeof e.failed === 'number')).toBe(true);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });

  it('stopping Redis turns /readyz red within 10 s', async () => {
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const stoppedAt = Date.now();
    await redis.stop();
    await until(async () => (await fetch(`${api.url}/readyz`)).status === 503, 10_000, '/readyz to turn red');
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const posted = await call('/v1/urls', { method: 'POST', body: JSON.stringify({ urls: [`${site.origin}/a/5000`] }) });
    expect(posted.status).toBe(503);
    expect(((await posted.json()) as { error: { code: string } }).error.code).toBe('QUEUE_UNAVAILABLE');
  }, 20_000);
});
