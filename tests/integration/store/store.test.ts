/** One behavioural suite for the store, run against real SQLite and real PostgreSQL. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { simhash64 } from '../../../src/clean/fingerprint.js';
import { GleanerError } from '../../../src/errors.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { PG_URL, postgresBackend, sqliteBackend, type Backend } from './backends.js';
import { BASE_FINGERPRINT, flipBits, makeRecord, withText } from './records.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<GleanerError> {
  const err = await promise.then(
    () => { throw new Error(`expected rejection with ${code}`); },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GleanerError);
  expect((err as GleanerError).code).toBe(code);
  return err as GleanerError;
}

/** A 127.0.0.1 port with nothing listening (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.each<{ name: string; make: () => Backend }>([
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: postgresBackend },
])('store ($name)', ({ make }) => {
  const backend = make();
  const opened: Store[] = [];
  let spec: string;
  let store: Store;

  async function open(s = spec): Promise<Store> {
    const st = await openStore(s);
    opened.push(st);
    return st;
  }

  beforeEach(async () => {
    spec = await backend.freshSpec();
    store = await open();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await backend.cleanup();
  });

  it('creates its storage and schema on first use, and reopens without migrating twice', async () => {
    if (spec.startsWith('sqlite:')) expect(existsSync(spec.slice('sqlite:'.length))).toBe(true);
    expect(await store.count()).toBe(0);
    await store.upsert(makeRecord());
    await store.close();
    const again = await open();
    expect(await again.count()).toBe(1);
    if (!spec.startsWith('sqlite:')) {
      const schema = new URL(spec).searchParams.get('schema');
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        expect(rows.map((r) => r.version)).toEqual([1]);
      } finally {
        await client.end();
      }
    }
  });

  it('several instances starting at once on fresh storage all come up', async () => {
    const fresh = await backend.freshSpec();
    const stores = await Promise.all([1, 2, 3, 4].map(() => open(fresh)));
    expect(await Promise.all(stores.map((s) => s.count()))).toEqual([0, 0, 0, 0]);
  });

  it('upsert is idempotent by id', async () => {
    const record = makeRecord();
    const first = await store.upsert(record);
    expect(first).toEqual({ id: record.id, created: true, contentChanged: false, duplicateOf: null });
    const second = await store.upsert(record);
    expect(second).toEqual({ id: record.id, created: false, contentChanged: false, duplicateOf: null });
    expect(await store.count()).toBe(1);
    expect(await store.get(record.id)).toEqual({ ...record, duplicateOf: null });
  });

  it('a content change sets modifiedAt and contentChanged; an unchanged re-ingest keeps content', async () => {
    const original = makeRecord({ modifiedAt: null });
    await store.upsert(original);

    const before = Date.now();
    const changed = withText(original, 'A completely rewritten body.\n\nWith a new second paragraph.');
    const result = await store.upsert(changed);
    expect(result).toMatchObject({ created: false, contentChanged: true });
    const stored = await store.get(original.id);
    expect(stored?.text).toBe(changed.text);
    // No modifiedAt on the page: the store stamps the time it saw the change.
    expect(Date.parse(stored?.modifiedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);

    const changedAgain = { ...withText(original, 'Third version of the body text.'), modifiedAt: '2025-03-02T09:30:00.000Z' };
    expect(await store.upsert(changedAgain)).toMatchObject({ contentChanged: true });
    expect((await store.get(original.id))?.modifiedAt).toBe('2025-03-02T09:30:00.000Z');

    // Same text, later fetch with a new title: metadata refreshes, modifiedAt stays.
    const refetched = { ...changedAgain, fetchedAt: '2025-03-05T00:00:00.000Z', title: 'Updated headline', modifiedAt: null };
    expect(await store.upsert(refetched)).toEqual({ id: original.id, created: false, contentChanged: false, duplicateOf: null });
    const after = await store.get(original.id);
    expect(after).toMatchObject({ title: 'Updated headline', fetchedAt: '2025-03-05T00:00:00.000Z', modifiedAt: '2025-03-02T09:30:00.000Z' });
    expect(await store.count()).toBe(1);
  });

  it('get round-trips the full record exactly', async () => {
    const record = makeRecord({
      title: 'Ünïcödé “quotes” — and emoji 👩‍👩‍👧 in the title',
      description: 'Line\nbreaks\tand a NUL \u0000 escape',
      byline: ['Jane Doe', 'Ari Kupe'],
      lang: 'en-NZ',
      modifiedAt: '2025-03-01T09:00:00.000Z',
      captions: [{ text: 'The harbour at dawn.', credit: 'Photo / Supplied', imageUrl: 'https://img.example/a.jpg' }],
      embeds: [{
        platform: 'x', url: 'https://x.com/someone/status/123', id: '123', author: 'Some One', handle: 'someone',
        text: 'Hello world', publishedAt: '2025-02-28T12:00:00.000Z', media: ['https://pbs.twimg.com/media/a.jpg'],
      }],
      etag: 'W/"abc"',
      lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT',
    });
    await store.upsert(record);
    const got = await store.get(record.id);
    expect(got).toStrictEqual({ ...record, duplicateOf: null });
    expect(JSON.stringify(got)).toBe(JSON.stringify({ ...record, duplicateOf: null }));
    expect(await store.get('no-such-id')).toBeNull();
  });

  it('answers validators for the requested and the canonical URL', async () => {
    const record = makeRecord({
      url: 'https://news.example/a?utm_source=feed',
      canonicalUrl: 'https://news.example/a',
      etag: '"v1"',
      lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT',
    });
    await store.upsert(record);
    const expected = { etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 09:00:00 GMT' };
    expect(await store.getValidators('https://news.example/a?utm_source=feed')).toEqual(expected);
    expect(await store.getValidators('https://news.example/a')).toEqual(expected);
    expect(await store.getValidators('https://news.example/a#comments')).toEqual(expected);
    expect(await store.getValidators('https://news.example/other')).toBeNull();
    const bare = makeRecord();
    await store.upsert(bare);
    expect(await store.getValidators(bare.url)).toEqual({ etag: null, lastModified: null });
  });

  it.each([1, 2, 3])('finds a near-duplicate %i bits away', async (bits) => {
    const original = makeRecord({ fingerprint: BASE_FINGERPRINT });
    await store.upsert(original);
    for (const stride of [7, 16]) {
      // stride 16 puts each flipped bit in a different band: only the pigeonhole band still matches.
      const copy = makeRecord({ fingerprint: flipBits(BASE_FINGERPRINT, bits, stride) });
      expect(await store.findNearDuplicate(copy.fingerprint)).toBe(original.id);
      expect(await store.upsert(copy)).toMatchObject({ created: true, duplicateOf: original.id });
      expect((await store.get(copy.id))?.duplicateOf).toBe(original.id);
    }
  });

  it('does not match at 10 bits, nor beyond maxDistance', async () => {
    const original = makeRecord({ fingerprint: BASE_FINGERPRINT });
    await store.upsert(original);
    const far = makeRecord({ fingerprint: flipBits(BASE_FINGERPRINT, 10) });
    expect(await store.findNearDuplicate(far.fingerprint)).toBeNull();
    expect((await store.upsert(far)).duplicateOf).toBeNull();
    expect(await store.findNearDuplicate(flipBits(BASE_FINGERPRINT, 2), { maxDistance: 1 })).toBeNull();
    expect(await store.findNearDuplicate(flipBits(BASE_FINGERPRINT, 1), { maxDistance: 1 })).toBe(original.id);
    await expectCode(store.findNearDuplicate(BASE_FINGERPRINT, { maxDistance: 10 }), 'INVALID_INPUT');
  });

  it('never matches a record to itself and points copies at the earliest stored original', async () => {
    const original = makeRecord({ fingerprint: BASE_FINGERPRINT });
    const copy = makeRecord({ fingerprint: flipBits(BASE_FINGERPRINT, 1) });
    const copy2 = makeRecord({ fingerprint: flipBits(BASE_FINGERPRINT, 2) });
    expect((await store.upsert(original)).duplicateOf).toBeNull();
    expect((await store.upsert(original)).duplicateOf).toBeNull();
    expect(await store.findNearDuplicate(original.fingerprint, { excludeId: original.id })).toBeNull();
    expect((await store.upsert(copy)).duplicateOf).toBe(original.id);
    expect((await store.upsert(copy2)).duplicateOf).toBe(original.id);
    // Re-ingesting the original (even with edited text) must not make it a copy of its copies.
    expect((await store.upsert(original)).duplicateOf).toBeNull();
    const edited = { ...original, contentHash: 'sha256:edited', fingerprint: flipBits(BASE_FINGERPRINT, 1, 16) };
    expect(await store.upsert(edited)).toMatchObject({ contentChanged: true, duplicateOf: null });
    expect(await store.findNearDuplicate(BASE_FINGERPRINT)).toBe(original.id);
  });

  it('does not match empty-text records to each other', async () => {
    const emptyFp = simhash64('');
    const a = withText(makeRecord(), '');
    const b = withText(makeRecord(), '');
    expect(a.fingerprint).toBe(emptyFp);
    expect((await store.upsert(a)).duplicateOf).toBeNull();
    expect((await store.upsert(b)).duplicateOf).toBeNull();
    expect(await store.findNearDuplicate(emptyFp)).toBeNull();
    expect(await store.findNearDuplicate(flipBits(emptyFp, 1))).toBeNull();
  });

  it('records, updates and clears failures per URL', async () => {
    const url = 'https://news.example/broken';
    expect(await store.getFailure(url)).toBeNull();
    await store.recordFailure({ url, code: 'HTTP_SERVER_ERROR', message: 'HTTP 503', attempts: 1, failedAt: '2025-03-01T10:00:00.000Z' });
    await store.recordFailure({ url, code: 'CONNECT_FAILED', message: 'ECONNRESET', attempts: 2, failedAt: '2025-03-01T10:05:00.000Z' });
    expect(await store.getFailure(url)).toEqual({ url, code: 'CONNECT_FAILED', message: 'ECONNRESET', attempts: 2, failedAt: '2025-03-01T10:05:00.000Z' });
    await store.clearFailure(url);
    expect(await store.getFailure(url)).toBeNull();

    // Storing the article later clears the URL's failure row.
    await store.recordFailure({ url, code: 'HTTP_SERVER_ERROR', message: 'HTTP 503', attempts: 3, failedAt: '2025-03-01T11:00:00.000Z' });
    await store.upsert(makeRecord({ url }));
    expect(await store.getFailure(url)).toBeNull();

    await expectCode(store.recordFailure({ url, code: 'NOPE' as never, message: '', attempts: 1, failedAt: 'x' }), 'INVALID_INPUT');
  });

  it('keeps a stored article when a failed re-fetch is upserted over it', async () => {
    const good = makeRecord();
    await store.upsert(good);
    const failed = { ...withText(good, ''), error: { code: 'HTTP_SERVER_ERROR' as const, message: 'HTTP 503' } };
    expect(await store.upsert(failed)).toMatchObject({ created: false, contentChanged: false });
    expect(await store.get(good.id)).toEqual({ ...good, duplicateOf: null });
  });

  it('exports every record, streamed in a stable id order across batches', async () => {
    const records = Array.from({ length: 1234 }, (_, i) => makeRecord({ slug: `export-${i}` }));
    // Straight through the public API; order of insertion is deliberately not id order.
    // A few writers at a time keeps the PostgreSQL run short (each upsert is its own commit).
    for (let i = 0; i < records.length; i += 8) await Promise.all(records.slice(i, i + 8).map((r) => store.upsert(r)));
    const exported = await collect(store.exportRecords());
    expect(exported).toHaveLength(records.length);
    const ids = exported.map((r) => r.id);
    expect(ids).toEqual(records.map((r) => r.id).sort());
    expect(await collect(store.exportRecords()).then((again) => again.map((r) => r.id))).toEqual(ids);
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const r of exported.slice(0, 20)) expect(r).toEqual({ ...byId.get(r.id), duplicateOf: null });
  }, 120_000);

  it('concurrent upserts of the same id from two instances leave one row', async () => {
    const other = await open();
    for (let round = 0; round < 10; round++) {
      const record = makeRecord({ slug: `race-${round}` });
      const results = await Promise.all([store.upsert(record), other.upsert(record), store.upsert(record), other.upsert(record)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    }
    expect(await store.count()).toBe(10);
    expect(await other.count()).toBe(10);
  });

  it('ping resolves while reachable and operations fail with STORE_FAILED after close', async () => {
    await store.ping();
    await store.close();
    await expectCode(store.ping(), 'STORE_FAILED');
    await expectCode(store.count(), 'STORE_FAILED');
  });
});

describe('openStore', () => {
  it.each(['', 'mysql://localhost/db', 'redis://127.0.0.1:6379', './data/gleaner.db', 'sqlite:', 'postgres://h/db?schema=bad-name;drop'])(
    'rejects the spec %j with INVALID_INPUT',
    async (spec) => {
      await expectCode(openStore(spec), 'INVALID_INPUT');
    },
  );

  it('rejects an out-of-range maxDistance with INVALID_INPUT', async () => {
    await expectCode(openStore('sqlite::memory:', { maxDistance: 4 }), 'INVALID_INPUT');
  });

  it('opens an in-memory SQLite store', async () => {
    const store = await openStore('sqlite::memory:');
    await store.upsert(makeRecord());
    expect(await store.count()).toBe(1);
    await store.close();
  });

  it('fails with STORE_FAILED when the SQLite path cannot be created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gleaner-store-'));
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a directory');
      await expectCode(openStore(`sqlite:${join(file, 'sub', 'gleaner.db')}`), 'STORE_FAILED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable PostgreSQL makes ping reject with STORE_FAILED quickly', async () => {
    const port = await deadPort();
    const store = await openStore(`postgres://postgres@127.0.0.1:${port}/test`, { schema: 'unused' });
    try {
      const started = Date.now();
      const err = await expectCode(store.ping(), 'STORE_FAILED');
      expect(err.retryable).toBe(true);
      expect(err.cause).toBeDefined();
      expect(Date.now() - started).toBeLessThan(3000);
      await expectCode(store.upsert(makeRecord()), 'STORE_FAILED');
    } finally {
      await store.close();
    }
  });
});
