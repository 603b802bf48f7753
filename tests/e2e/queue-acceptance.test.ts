/**
 * Issue 5 acceptance: nothing lost, nothing twice.
 *
 * A local site serves 2,000 URLs (articles, some flaky 503-then-200, some 404). All
 * are enqueued (a hundred twice); two `gleaner work` processes ingest into a fresh
 * PostgreSQL schema through a test-owned, AOF-persisted redis-server. Mid-run one
 * worker is SIGKILLed and a third started; later Redis is restarted. At the end
 * every URL is exactly one stored record or one failed job with a code, and SIGTERM
 * stops the remaining workers (exit 0) within 30 s.
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createProducer, jobIdFor, type Producer } from '../../src/queue/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { canonicalizeUrl, recordIdFor } from '../../src/url.js';
import { startArticleSite, type ArticleSite } from '../helpers/pipeline-site.js';
import { spawnGleaner } from '../helpers/cli.js';
import { startOwnedRedis, type OwnedRedis } from '../helpers/owned-redis.js';
import { PG_URL } from '../integration/store/backends.js';

const TOTAL = 2000;
const MISSING = 30; // 404: permanent, fail at once
const FLAKY = 30; // one 503, then fine: retried
const PREFIX = `accept-${randomUUID().slice(0, 8)}`;
const SCHEMA = `gleaner_accept_${process.pid}_${Date.now().toString(36)}`;

let site: ArticleSite;
let redis: OwnedRedis;
let producer: Producer;
let store: Store;
const workers: ChildProcess[] = [];
const logs = new Map<ChildProcess, string>();

function storeSpec(): string {
  const url = new URL(PG_URL);
  url.searchParams.set('schema', SCHEMA);
  return url.href;
}

function startWorker(): ChildProcess {
  const child = spawnGleaner([
    'work', '--redis-url', redis.url, '--store', storeSpec(), '--queue-prefix', PREFIX,
    '--concurrency', '6', '--extract-threads', '1',
    '--lock-duration-ms', '6000', '--stalled-interval-ms', '2000', '--max-stalled-count', '3',
    '--shutdown-timeout-ms', '20000',
    '--allow-private-networks', '--host-interval-ms', '0', '--host-concurrency', '32', '--deadline-ms', '8000',
  ], { LOG_LEVEL: 'warn' });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-20_000); logs.set(child, log); });
  workers.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Completed + failed, read through a producer that may be reconnecting (Redis restart). */
async function finishedCount(): Promise<number> {
  try {
    const c = await producer.counts();
    return c.completed + c.failed;
  } catch {
    return -1;
  }
}

async function waitUntil(what: string, predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) {
      throw new Error(`timed out: ${what}; counts ${JSON.stringify(await producer.counts().catch(() => null))}; worker logs: ${[...logs.values()].map((l) => l.slice(-2000)).join('\n---\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function urlFor(i: number): string {
  if (i < MISSING) return site.url(`/missing/${i}`);
  if (i < MISSING + FLAKY) return site.url(`/flaky/${i}`);
  return site.url(`/a/${i}`);
}

beforeAll(async () => {
  site = await startArticleSite({ delayMs: 40, flakyFailures: 1 });
  redis = await startOwnedRedis();
  producer = await createProducer({ redisUrl: redis.url, prefix: PREFIX, retry: { attempts: 6, baseDelayMs: 300 } });
  store = await openStore(storeSpec());
  await store.count(); // creates the schema before the workers race to
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await producer?.close();
  await store?.close();
  await redis?.stop();
  await site?.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).finally(() => client.end());
}, 60_000);

describe('queue acceptance (issue 5)', () => {
  it('2,000 URLs, a SIGKILLed worker, a Redis restart: every URL exactly one record or one coded failure', async () => {
    const urls = Array.from({ length: TOTAL }, (_, i) => urlFor(i));
    const first = await producer.enqueue(urls);
    expect(first.every((r) => r.status === 'queued')).toBe(true);
    // Some twice: the same canonical URL (fragment, tracking parameter) is the same job.
    const again = await producer.enqueue(urls.slice(500, 600).map((u, i) => (i % 2 === 0 ? u : `${u}?utm_source=twice#x`)));
    expect(again.every((r) => r.status === 'duplicate')).toBe(true);

    const w1 = startWorker();
    const w2 = startWorker();
    await waitUntil('300 finished', async () => (await finishedCount()) >= 300, 120_000);
    const atKill = await finishedCount();
    w1.kill('SIGKILL');
    expect((await exited(w1)).signal).toBe('SIGKILL');
    const w3 = startWorker();

    await waitUntil('900 finished', async () => (await finishedCount()) >= 900, 120_000);
    const atRestart = await finishedCount();
    await redis.restart(1000);
    // Both disruptions really happened mid-run.
    expect(atKill).toBeLessThan(TOTAL);
    expect(atRestart).toBeLessThan(TOTAL);

    await waitUntil('all finished', async () => (await finishedCount()) === TOTAL, 180_000);

    // Graceful stop: both live workers exit 0 within 30 s of SIGTERM.
    const stopStart = Date.now();
    w2.kill('SIGTERM');
    w3.kill('SIGTERM');
    const [e2, e3] = await Promise.all([exited(w2), exited(w3)]);
    const stopMs = Date.now() - stopStart;
    expect(e2).toEqual({ code: 0, signal: null });
    expect(e3).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(30_000);

    // Every URL: one completed job with its record stored, or one failed job with a code.
    const problems: string[] = [];
    let stored = 0;
    let failed = 0;
    for (let i = 0; i < TOTAL; i++) {
      const url = urls[i]!;
      const status = await producer.getJobStatus(jobIdFor(url));
      if (status === null) { problems.push(`${url}: no job`); continue; }
      if (i < MISSING) {
        if (status.state !== 'failed' || status.error?.code !== 'HTTP_CLIENT_ERROR') problems.push(`${url}: ${JSON.stringify(status)}`);
        failed++;
        continue;
      }
      const expectedId = recordIdFor(canonicalizeUrl(url));
      if (status.state !== 'completed' || status.recordId !== expectedId) { problems.push(`${url}: ${JSON.stringify(status)}`); continue; }
      stored++;
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(stored).toBe(TOTAL - MISSING);
    expect(failed).toBe(MISSING);

    // The store: exactly one row per successful URL, none for the 404s.
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; ids: string; urls: string }>(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT url) AS urls FROM "${SCHEMA}".articles`,
      );
      expect(rows[0]).toEqual({ n: String(TOTAL - MISSING), ids: String(TOTAL - MISSING), urls: String(TOTAL - MISSING) });
      const failures = await client.query<{ code: string; n: string }>(`SELECT code, count(*) AS n FROM "${SCHEMA}".failures GROUP BY code`);
      expect(failures.rows).toEqual([{ code: 'HTTP_CLIENT_ERROR', n: String(MISSING) }]);
    } finally {
      await client.end();
    }
    // Flaky pages needed a retry; 404s were fetched once (permanent: no retries).
    expect(site.hits(`/flaky/${MISSING}`)).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < MISSING; i++) expect(site.hits(`/missing/${i}`)).toBe(1);
    const counts = await producer.counts();
    expect(counts).toMatchObject({ completed: TOTAL - MISSING, failed: MISSING, active: 0, waiting: 0, delayed: 0 });
  }, 420_000);
});
