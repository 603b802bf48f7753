/** ingestOne end to end: a real local HTTP site → real fetcher → extraction → real SQLite and PostgreSQL. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../src/config.js';
import { GleanerError } from '../../../src/errors.js';
import { createFetcher, type Fetcher } from '../../../src/fetch/index.js';
import { createExtractPool, ingestOne, ingestMany, type PipelineDeps } from '../../../src/pipeline/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { canonicalizeUrl, recordIdFor } from '../../../src/url.js';
import { startArticleSite, type ArticleSite } from '../../helpers/pipeline-site.js';
import { postgresBackend, sqliteBackend, type Backend } from '../store/backends.js';

function testConfig(): Config {
  return ConfigSchema.parse({
    allowPrivateNetworks: true, hostIntervalMs: 0, hostConcurrency: 8,
    connectTimeoutMs: 1000, headersTimeoutMs: 2000, bodyTimeoutMs: 2000, deadlineMs: 5000,
  });
}

async function rejection(promise: Promise<unknown>): Promise<GleanerError> {
  const err = await promise.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e);
  expect(err).toBeInstanceOf(GleanerError);
  return err as GleanerError;
}

let site: ArticleSite;
beforeAll(async () => { site = await startArticleSite({ flakyFailures: 1 }); });
afterAll(async () => { await site.close(); });

describe.each<{ name: string; make: () => Backend }>([
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: postgresBackend },
])('ingestOne into $name', ({ make }) => {
  const backend = make();
  let store: Store;
  let fetcher: Fetcher;
  let deps: PipelineDeps;

  beforeEach(async () => {
    store = await openStore(await backend.freshSpec());
    fetcher = createFetcher(testConfig());
    deps = { fetcher, store };
  });
  afterEach(async () => {
    await fetcher.close();
    await store.close();
  });
  afterAll(async () => { await backend.cleanup(); });

  it('fetches, extracts and stores an article, with per-stage timings', async () => {
    const url = site.url('/a/1');
    const result = await ingestOne(url, deps);
    expect(result.outcome).toBe('stored');
    expect(result.recordId).toBe(recordIdFor(canonicalizeUrl(url)));
    expect(result.stats.status).toBe(200);
    expect(result.stats.created).toBe(true);
    for (const k of ['fetchMs', 'extractMs', 'storeMs', 'totalMs'] as const) expect(result.stats[k]).toBeGreaterThanOrEqual(0);
    expect(result.stats.totalMs).toBeGreaterThanOrEqual(result.stats.fetchMs);
    const record = await store.get(result.recordId);
    expect(record?.title).toMatch(/^Article 1:/);
    expect(record?.paragraphs.length).toBeGreaterThanOrEqual(6);
    expect(record?.etag).toBe('"a-1-v0"');
    expect(record?.finalUrl).toBe(url);
    expect(await store.count()).toBe(1);
  });

  it('re-fetches conditionally: 304 keeps the record (not-modified); a changed page updates it in place', async () => {
    const n = backend.name === 'sqlite' ? 2 : 9; // the site is shared by both backends' runs
    const url = site.url(`/a/${n}`);
    const first = await ingestOne(url, deps);
    const before = await store.get(first.recordId);
    const second = await ingestOne(url, deps);
    expect(second).toMatchObject({ outcome: 'not-modified', recordId: first.recordId });
    expect(second.stats.status).toBe(304);
    expect(await store.get(first.recordId)).toEqual(before);

    site.bump(n);
    const third = await ingestOne(url, deps);
    expect(third).toMatchObject({ outcome: 'stored', recordId: first.recordId });
    expect(third.stats.contentChanged).toBe(true);
    expect((await store.get(first.recordId))?.etag).toBe(`"a-${n}-v1"`);
    expect(await store.count()).toBe(1);
  });

  it('same URL with tracking parameters and a fragment is the same record', async () => {
    const a = await ingestOne(site.url('/a/3'), deps, { conditional: false });
    const b = await ingestOne(site.url('/a/3?utm_source=x#top'), deps, { conditional: false });
    expect(b.recordId).toBe(a.recordId);
    expect(await store.count()).toBe(1);
  });

  it('records failures with their code and throws the coded error', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['/missing/4', 'HTTP_CLIENT_ERROR', false],
      ['/down/5', 'HTTP_SERVER_ERROR', true],
      ['/gone-binary/6', 'NOT_HTML', false],
    ];
    for (const [path, code, retryable] of cases) {
      const url = site.url(path);
      const err = await rejection(ingestOne(url, deps, { attempt: 3 }));
      expect(err.code).toBe(code);
      expect(err.retryable).toBe(retryable);
      expect(await store.getFailure(url)).toMatchObject({ url, code, attempts: 3 });
    }
    expect(await store.count()).toBe(0);
  });

  it('a later success clears the failure row', async () => {
    const url = site.url(`/flaky/${backend.name === 'sqlite' ? 7 : 8}`);
    expect((await rejection(ingestOne(url, deps))).code).toBe('HTTP_SERVER_ERROR');
    expect(await store.getFailure(url)).not.toBeNull();
    const ok = await ingestOne(url, deps);
    expect(ok.outcome).toBe('stored');
    expect(await store.getFailure(url)).toBeNull();
  });

  it('refuses invalid URLs with INVALID_URL and records nothing', async () => {
    for (const bad of ['not a url', 'ftp://example.com/x', 'http://user:pw@example.com/']) {
      expect((await rejection(ingestOne(bad, deps))).code).toBe('INVALID_URL');
    }
    expect(await store.count()).toBe(0);
  });
});

describe('extraction pool and batches', () => {
  const backend = sqliteBackend();
  afterAll(async () => { await backend.cleanup(); });

  it('ingestMany with a thread pool: results in input order, every URL answered once', async () => {
    const store = await openStore(await backend.freshSpec());
    const fetcher = createFetcher(testConfig());
    const pool = createExtractPool({ threads: 2 });
    try {
      const urls = [...Array.from({ length: 20 }, (_, i) => site.url(`/a/${100 + i}`)), site.url('/missing/1'), 'nope'];
      const seen: string[] = [];
      const outcomes = await ingestMany(urls, { fetcher, store, extract: pool.extract }, {
        concurrency: 6,
        onResult: (o) => { seen.push(o.url); },
      });
      expect(seen).toEqual(urls);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
      expect(outcomes.at(-2)).toMatchObject({ ok: false, error: { code: 'HTTP_CLIENT_ERROR' } });
      expect(outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'INVALID_URL' } });
      expect(await store.count()).toBe(20);
    } finally {
      await pool.close();
      await fetcher.close();
      await store.close();
    }
  });

  it('a pool extraction over its time limit fails with PARSE_FAILED and the pool recovers', async () => {
    const pool = createExtractPool({ threads: 1, timeoutMs: 1 });
    try {
      const huge = '<html><body>' + '<p>word word word word</p>'.repeat(200_000) + '</body></html>';
      await expect(pool.extract(huge, 'https://e.example/a', {})).rejects.toMatchObject({ code: 'PARSE_FAILED' });
    } finally {
      await pool.close();
    }
    const ok = createExtractPool({ threads: 1 });
    try {
      const out = await ok.extract('<html><head><title>T</title></head><body><p>Hello there.</p></body></html>', 'https://e.example/b', {});
      expect(out.record.title).toBe('T');
    } finally {
      await ok.close();
    }
  });
});
