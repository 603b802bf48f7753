/**
 * Near-duplicate look-up benchmark: the store's banded index vs a linear in-memory scan.
 *
 *   npm run bench:neardup            (sizes 10k and 1M, N=1000 look-ups each)
 *   NEARDUP_SIZES=10000,100000 NEARDUP_LOOKUPS=500 NEARDUP_BACKENDS=sqlite npm run bench:neardup
 *
 * Fingerprints are random (seeded, so runs are comparable) and go straight into the
 * table in bulk, not as full records. Half the look-ups are a stored fingerprint with
 * 1–3 bits flipped (hits), half are fresh random ones (misses, the common case when
 * ingesting). Both methods must give the same answer (the earliest match); any
 * disagreement is printed. PostgreSQL (GLEANER_TEST_PG_URL or the local test
 * database) is benchmarked too when reachable, in a throw-away schema.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';

const SIZES = (process.env.NEARDUP_SIZES ?? '10000,1000000').split(',').map(Number);
const LOOKUPS = Number(process.env.NEARDUP_LOOKUPS ?? 1000);
const MAX_DISTANCE = 3;
const PG_URL = process.env.GLEANER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ID_PREFIX = 'n';

/** mulberry32: small, seeded, good enough for spreading bits. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The corpus, as hex strings (for the store) and as two 32-bit halves (for the scan). */
class Corpus {
  readonly hex: string[] = [];
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  constructor(capacity: number, private readonly next: () => number) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
  }
  grow(to: number): string[] {
    const added: string[] = [];
    for (let i = this.hex.length; i < to; i++) {
      const hi = this.next();
      const lo = this.next();
      this.hi[i] = hi;
      this.lo[i] = lo;
      const fp = hex8(hi) + hex8(lo);
      this.hex.push(fp);
      added.push(fp);
    }
    return added;
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Baseline: earliest index within MAX_DISTANCE, scanning typed arrays (about as fast as a scan gets in JS). */
function linearScan(corpus: Corpus, size: number, query: string): string | null {
  const qhi = parseInt(query.slice(0, 8), 16);
  const qlo = parseInt(query.slice(8, 16), 16);
  const { hi, lo } = corpus;
  for (let i = 0; i < size; i++) {
    if (popcount32(hi[i]! ^ qhi) + popcount32(lo[i]! ^ qlo) <= MAX_DISTANCE) return ID_PREFIX + i;
  }
  return null;
}

function makeQueries(corpus: Corpus, size: number, next: () => number): string[] {
  const queries: string[] = [];
  for (let q = 0; q < LOOKUPS; q++) {
    if (q % 2 === 0) {
      const i = next() % size;
      let hi = corpus.hi[i]!;
      let lo = corpus.lo[i]!;
      const flips = 1 + (next() % MAX_DISTANCE);
      const used = new Set<number>();
      while (used.size < flips) used.add(next() % 64);
      for (const bit of used) {
        if (bit < 32) lo ^= 1 << bit;
        else hi ^= 1 << (bit - 32);
      }
      queries.push(hex8(hi) + hex8(lo));
    } else {
      queries.push(hex8(next()) + hex8(next()));
    }
  }
  return queries;
}

interface Timing {
  median: number;
  p95: number;
  answers: Array<string | null>;
}

function summarize(samplesNs: bigint[], answers: Array<string | null>): Timing {
  const us = samplesNs.map((ns) => Number(ns) / 1000).sort((a, b) => a - b);
  const at = (p: number): number => us[Math.min(us.length - 1, Math.floor(p * us.length))]!;
  return { median: at(0.5), p95: at(0.95), answers };
}

async function time(queries: string[], lookup: (fp: string) => Promise<string | null> | string | null): Promise<Timing> {
  for (const q of queries.slice(0, 20)) await lookup(q); // warm caches and the JIT
  const samples: bigint[] = [];
  const answers: Array<string | null> = [];
  for (const q of queries) {
    const start = process.hrtime.bigint();
    answers.push(await lookup(q));
    samples.push(process.hrtime.bigint() - start);
  }
  return summarize(samples, answers);
}

interface Backend {
  name: string;
  fill(fingerprints: string[]): Promise<void>;
  lookup(fp: string): Promise<string | null>;
  close(): Promise<void>;
}

async function sqliteBackend(dir: string): Promise<Backend> {
  const store = SqliteStore.open({ path: join(dir, 'neardup.db') });
  return {
    name: 'sqlite',
    fill: async (fps) => store.bulkInsertFingerprints(fps, { idPrefix: ID_PREFIX, startIndex: await store.count() }),
    lookup: (fp) => store.findNearDuplicate(fp),
    close: () => store.close(),
  };
}

async function postgresBackend(): Promise<Backend | null> {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
  } catch (err) {
    console.log(`postgres: skipped (${PG_URL.replace(/\/\/[^@]*@/, '//…@')} unreachable: ${(err as Error).message})`);
    return null;
  } finally {
    await probe.end().catch(() => {});
  }
  const schema = `gleaner_bench_${process.pid}`;
  const store = new PostgresStore({ connectionString: PG_URL, schema, poolSize: 2 });
  return {
    name: 'postgres',
    fill: async (fps) => {
      await store.bulkInsertFingerprints(fps, { idPrefix: ID_PREFIX, startIndex: await store.count() });
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`ANALYZE "${schema}".articles`); // fresh statistics, as autovacuum would give a live table
      } finally {
        await client.end();
      }
    },
    lookup: (fp) => store.findNearDuplicate(fp),
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gleaner-neardup-'));
  const wanted = (process.env.NEARDUP_BACKENDS ?? 'sqlite,postgres').split(',');
  const backends: Backend[] = [];
  if (wanted.includes('sqlite')) backends.push(await sqliteBackend(dir));
  const pgBackend = wanted.includes('postgres') ? await postgresBackend() : null;
  if (pgBackend !== null) backends.push(pgBackend);

  const maxSize = Math.max(...SIZES);
  const corpus = new Corpus(maxSize, rng(0x5eed));
  const queryRng = rng(0xbeef);
  console.log(`near-duplicate look-ups: N=${LOOKUPS} per size, maxDistance=${MAX_DISTANCE}, half hits (1–3 bits off a stored fingerprint), half random`);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);

  try {
    for (const size of [...SIZES].sort((a, b) => a - b)) {
      const added = corpus.grow(size);
      for (const b of backends) {
        const started = Date.now();
        await b.fill(added);
        console.log(`fill ${b.name}: +${added.length.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      const queries = makeQueries(corpus, size, queryRng);
      const scan = await time(queries, (q) => linearScan(corpus, size, q));
      const hits = scan.answers.filter((a) => a !== null).length;
      console.log(`\nsize ${size.toLocaleString('en')} (${hits} of ${queries.length} look-ups match)`);
      console.log(`  ${'method'.padEnd(22)} ${'median µs'.padStart(10)} ${'p95 µs'.padStart(10)} ${'scan/method (median)'.padStart(22)}`);
      console.log(`  ${'linear scan (memory)'.padEnd(22)} ${fmt(scan.median).padStart(10)} ${fmt(scan.p95).padStart(10)} ${'1.0x'.padStart(22)}`);
      for (const b of backends) {
        const t = await time(queries, b.lookup);
        const disagreements = t.answers.filter((a, i) => a !== scan.answers[i]).length;
        const ratio = `${(scan.median / t.median).toFixed(1)}x`;
        console.log(
          `  ${(b.name + ' banded index').padEnd(22)} ${fmt(t.median).padStart(10)} ${fmt(t.p95).padStart(10)} ${ratio.padStart(22)}` +
            (disagreements === 0 ? '' : `   !! ${disagreements} answers differ from the scan`),
        );
      }
      console.log('');
    }
  } finally {
    for (const b of backends) await b.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
