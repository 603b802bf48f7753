/** The ingest queue on the real Redis (127.0.0.1:6379, a prefix of its own) with a real site and store. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ConfigSchema } from '../../../src/config.js';
import { createFetcher, createRedisPoliteness, type Fetcher } from '../../../src/fetch/index.js';
import {
  backoffDelay, createIngestWorker, createProducer, createWorkerRedis, jobIdFor, parseFailedReason,
  type IngestWorker, type Producer,
} from '../../../src/queue/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { startArticleSite, type ArticleSite } from '../../helpers/pipeline-site.js';
import { jsonLines, runGleaner } from '../../helpers/cli.js';
import { sqliteBackend } from '../store/backends.js';

const REDIS_URL = process.env.GLEANER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `gleaner-test-${process.pid}-${randomUUID().slice(0, 8)}`;

let site: ArticleSite;
let producer: Producer;
let store: Store;
let fetcher: Fetcher;
let workerRedis: Redis;
let ingest: IngestWorker;
const backend = sqliteBackend();

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (jobId: string) => waitFor(`job ${jobId}`, async () => {
  const s = await producer.getJobStatus(jobId);
  return s !== null && (s.state === 'completed' || s.state === 'failed') ? s : null;
});

beforeAll(async () => {
  site = await startArticleSite({ flakyFailures: 1 });
  store = await openStore(await backend.freshSpec());
  const config = ConfigSchema.parse({ allowPrivateNetworks: true, hostIntervalMs: 0, hostConcurrency: 8, deadlineMs: 5000 });
  workerRedis = createWorkerRedis(REDIS_URL);
  fetcher = createFetcher(config, { politeness: createRedisPoliteness(workerRedis, { concurrency: 8, intervalMs: 0, keyPrefix: `${PREFIX}:polite:` }) });
  producer = await createProducer({ redisUrl: REDIS_URL, prefix: PREFIX, retry: { attempts: 3, baseDelayMs: 50 } });
  ingest = createIngestWorker({ connection: workerRedis, deps: { fetcher, store }, concurrency: 4, prefix: PREFIX, stalledIntervalMs: 5000 });
});

afterAll(async () => {
  await ingest?.close(5000);
  await producer?.queue.obliterate({ force: true }).catch(() => undefined);
  await producer?.close();
  await fetcher?.close();
  await store?.close();
  workerRedis?.disconnect();
  await site?.close();
  await backend.cleanup();
});

describe('job ids', () => {
  it('derive from the canonical URL', () => {
    expect(jobIdFor('http://Example.com/a?utm_source=x#frag')).toBe(jobIdFor('http://example.com/a'));
    expect(jobIdFor('http://example.com/a')).not.toBe(jobIdFor('http://example.com/b'));
    expect(jobIdFor('http://example.com/a')).toMatch(/^u-[0-9a-f]{32}$/);
  });

  it('backoff grows exponentially, with jitter, never below Retry-After', () => {
    expect(backoffDelay(1, 1000, 60_000, undefined, () => 0)).toBe(500);
    expect(backoffDelay(3, 1000, 60_000, undefined, () => 0.999)).toBeGreaterThan(3990);
    expect(backoffDelay(20, 1000, 60_000, undefined, () => 0.999)).toBeLessThanOrEqual(60_000);
    expect(backoffDelay(1, 1000, 60_000, 30_000, () => 0)).toBe(30_000);
  });

  it('failedReason keeps the code', () => {
    expect(parseFailedReason('HTTP_CLIENT_ERROR: http://x/ answered 404')).toEqual({ code: 'HTTP_CLIENT_ERROR', message: 'http://x/ answered 404' });
    expect(parseFailedReason('job stalled more than allowable limit')).toMatchObject({ code: 'INTERNAL' });
  });
});

describe('producer and worker', () => {
  it('ingests a queued URL; the same URL again is a duplicate (also within one call); force re-ingests', async () => {
    const url = site.url('/a/1');
    const [first] = await producer.enqueue([url]);
    expect(first).toEqual({ url, jobId: jobIdFor(url), status: 'queued' });
    const status = await finished(first!.jobId);
    expect(status).toMatchObject({ jobId: first!.jobId, url, state: 'completed', attempts: 1 });
    expect(status.recordId).toMatch(/^[0-9a-f]{32}$/);
    expect(await store.get(status.recordId!)).not.toBeNull();

    const again = await producer.enqueue([url, site.url('/a/1#frag'), site.url('/a/2'), site.url('/a/2')]);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'queued', 'duplicate']);
    expect(again[1]!.jobId).toBe(first!.jobId);

    const hitsBefore = site.hits('/a/1');
    const [forced] = await producer.enqueue([url], { force: true });
    expect(forced!.status).toBe('queued');
    await finished(forced!.jobId);
    await waitFor('re-fetch', async () => site.hits('/a/1') > hitsBefore);
    expect(await store.count()).toBe(2);
  });

  it('a permanent code fails at once, keeping the code on the job and in the store', async () => {
    const url = site.url('/missing/10');
    const [job] = await producer.enqueue([url]);
    const status = await finished(job!.jobId);
    expect(status).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'HTTP_CLIENT_ERROR' } });
    const raw = await producer.queue.getJob(job!.jobId);
    expect(raw?.failedReason).toMatch(/^HTTP_CLIENT_ERROR: /);
    expect(raw?.data.error?.code).toBe('HTTP_CLIENT_ERROR');
    expect(site.hits('/missing/10')).toBe(1);
    expect(await store.getFailure(url)).toMatchObject({ code: 'HTTP_CLIENT_ERROR' });
  });

  it('a retryable code is retried with backoff: a flaky page succeeds, a dead one fails after all attempts with its code', async () => {
    const [flaky, dead] = await producer.enqueue([site.url('/flaky/20'), site.url('/down/21')]);
    const ok = await finished(flaky!.jobId);
    expect(ok).toMatchObject({ state: 'completed', attempts: 2 });
    expect(site.hits('/flaky/20')).toBe(2);
    const failed = await finished(dead!.jobId);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, error: { code: 'HTTP_SERVER_ERROR' } });
    expect(site.hits('/down/21')).toBe(3);
    expect(await store.getFailure(site.url('/down/21'))).toMatchObject({ code: 'HTTP_SERVER_ERROR', attempts: 3 });
  });

  it('refuses invalid URLs before adding anything; unknown job ids read as null; counts add up', async () => {
    await expect(producer.enqueue([site.url('/a/30'), 'javascript:alert(1)'])).rejects.toMatchObject({ code: 'INVALID_URL' });
    expect(await producer.getJobStatus(jobIdFor(site.url('/a/30')))).toBeNull();
    expect(await producer.getJobStatus('u-nope')).toBeNull();
    const counts = await producer.counts();
    expect(counts.completed).toBeGreaterThanOrEqual(2);
    expect(counts.failed).toBeGreaterThanOrEqual(2);
  });
});

describe('Redis down', () => {
  it('a producer fails fast with QUEUE_UNAVAILABLE', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const started = Date.now();
    await expect(createProducer({ redisUrl: `redis://127.0.0.1:${port}`, connectTimeoutMs: 1000 })).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('gleaner enqueue (child process)', () => {
  it('prints one line per URL, errors for invalid ones, exit 1; duplicates and --force', async () => {
    const env = { REDIS_URL, GLEANER_QUEUE_PREFIX: PREFIX };
    const urls = [site.url('/a/40'), 'ftp://nope.example/x', site.url('/a/40?utm_medium=x')];
    const run = await runGleaner(['enqueue', ...urls], env, 60_000);
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toEqual([
      { url: urls[0], jobId: jobIdFor(urls[0]!), status: 'queued' },
      { url: urls[1], error: { code: 'INVALID_URL', message: expect.any(String) } },
      { url: urls[2], jobId: jobIdFor(urls[0]!), status: 'duplicate' },
    ]);
    await finished(jobIdFor(urls[0]!));
    const forced = await runGleaner(['enqueue', '--force', urls[0]!], env, 60_000);
    expect(forced.code).toBe(0);
    expect(jsonLines(forced.stdout)).toEqual([{ url: urls[0], jobId: jobIdFor(urls[0]!), status: 'queued' }]);
  }, 120_000);

  it('Redis down: QUEUE_UNAVAILABLE on stderr, exit 2, within seconds', async () => {
    const started = Date.now();
    const run = await runGleaner(['enqueue', '--redis-url', 'redis://127.0.0.1:1', site.url('/a/50')], {}, 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/QUEUE_UNAVAILABLE/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
