/**
 * `npm run bench:pipeline`: pages/s end to end — local fixture site → BullMQ queue
 * (Redis at REDIS_URL, default 127.0.0.1:6379) → `gleaner work` process (fetch →
 * extract on a worker thread → PostgreSQL at GLEANER_BENCH_PG, default
 * postgres://postgres@127.0.0.1:5432/test, fresh schema) — at worker concurrency
 * 1, 8 and 32, beside extract-only on the same pages in the same run; the worker's
 * RSS at start, after 1,000 and after 10,000 jobs; the worst event-loop stall the
 * worker saw (the lock-renewal margin). Pages: the article-benchmark-dev set in
 * ../shared (real news pages), served round-robin under distinct URLs.
 *
 * Env: BENCH_JOBS_1, BENCH_JOBS_8 (default 300, 1000), BENCH_JOBS_32 (default 10000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { extractOrError } from '../src/extract/index.js';
import { createProducer, type Producer } from '../src/queue/index.js';
import { readManifest, SHARED_DIR, sharedAvailable } from './lib/pages.js';
import { startArticleSite } from '../tests/helpers/pipeline-site.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.GLEANER_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = resolve(import.meta.dirname, '..');
const jobs = (name: string, dflt: number): number => Number(process.env[name] ?? dflt);
// Extraction threads per worker (BENCH_EXTRACT_THREADS); the worker's default is 1.
const EXTRACT_THREADS = jobs('BENCH_EXTRACT_THREADS', 1);

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Phase {
  concurrency: number;
  jobs: number;
  pagesPerSec: number;
  rss: Array<[string, number]>;
  loopDelayMaxMs: number | null;
  extractRate?: number;
}

async function runPhase(origin: string, concurrency: number, count: number, pageCount: number): Promise<Phase> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const schema = `gleaner_bench_${Date.now().toString(36)}_${concurrency}`;
  const storeUrl = new URL(PG_URL);
  storeUrl.searchParams.set('schema', schema);
  const producer: Producer = await createProducer({ redisUrl: REDIS_URL, prefix });
  const child: ChildProcess = spawn(process.execPath, [
    '--import', 'tsx', resolve(ROOT, 'workers/ingest.ts'),
    '--redis-url', REDIS_URL, '--store', storeUrl.href, '--queue-prefix', prefix,
    '--concurrency', String(concurrency), '--extract-threads', String(EXTRACT_THREADS),
    '--allow-private-networks', '--host-interval-ms', '0', '--host-concurrency', '64',
  ], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const started = new Promise<void>((res, rej) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('"worker started"')) res();
    });
    child.once('exit', (code) => rej(new Error(`worker exited (${code}) before starting:\n${log.slice(-3000)}`)));
  });
  await started;
  await new Promise((r) => setTimeout(r, 1000)); // let the thread pool load the extractor
  const rss: Array<[string, number]> = [['start', rssMb(child.pid!)]];

  const urls = Array.from({ length: count }, (_, i) => `${origin}/a/${i}`);
  const t0 = performance.now();
  for (let i = 0; i < urls.length; i += 1000) await producer.enqueue(urls.slice(i, i + 1000));
  let sampled1k = false;
  for (;;) {
    const c = await producer.counts();
    const done = c.completed + c.failed;
    if (!sampled1k && done >= 1000) {
      rss.push(['after 1,000', rssMb(child.pid!)]);
      sampled1k = true;
    }
    if (child.exitCode !== null) throw new Error(`worker died:\n${log.slice(-3000)}`);
    if (done >= count) {
      if (c.failed > 0) process.stderr.write(`  (${c.failed} jobs failed)\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const secs = (performance.now() - t0) / 1000;
  rss.push([`after ${count.toLocaleString('en')}`, rssMb(child.pid!)]);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const stopped = log.split('\n').find((l) => l.includes('"worker stopped"'));
  const loopDelayMaxMs = stopped ? (JSON.parse(stopped) as { loopDelayMaxMs: number }).loopDelayMaxMs : null;

  await producer.queue.obliterate({ force: true }).catch(() => undefined);
  await producer.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  void pageCount;
  return { concurrency, jobs: count, pagesPerSec: count / secs, rss, loopDelayMaxMs };
}

async function main(): Promise<void> {
  const manifest = resolve(SHARED_DIR, 'datasets/article-benchmark-dev/manifest.ndjson');
  if (!sharedAvailable('datasets/article-benchmark-dev')) throw new Error(`pages not found: ${manifest}`);
  const pages = readManifest(manifest);
  const html = pages.map((p) => p.html);
  const site = await startArticleSite({ pages: html });
  console.log(`pages: ${pages.length} real news pages (median ${Math.round(pages.map((p) => p.bytes).sort((a, b) => a - b)[pages.length >> 1]! / 1024)} KB), served round-robin at ${site.origin}/a/N`);

  // Extract-only baseline: same pages, one thread, measured again right before each
  // phase so the ratio compares like with like on a machine whose load drifts.
  const extractN = pages.length * 3;
  for (let i = 0; i < pages.length; i++) extractOrError(html[i]!, `${site.origin}/a/${i}`); // warm-up
  const extractOnly = (): number => {
    const te = performance.now();
    for (let i = 0; i < extractN; i++) extractOrError(html[i % html.length]!, `${site.origin}/a/${i}`);
    return extractN / ((performance.now() - te) / 1000);
  };

  const phases: Phase[] = [];
  for (const [c, n] of [[1, jobs('BENCH_JOBS_1', 300)], [8, jobs('BENCH_JOBS_8', 1000)], [32, jobs('BENCH_JOBS_32', 10_000)]] as const) {
    const extractRate = extractOnly();
    console.log(`extract-only (1 thread, main process): ${extractRate.toFixed(1)} pages/s over ${extractN} pages`);
    const phase = await runPhase(site.origin, c, n, pages.length);
    phases.push({ ...phase, extractRate });
    console.log(
      `end to end, concurrency ${String(c).padStart(2)}: ${phase.pagesPerSec.toFixed(1)} pages/s over ${n} jobs ` +
        `= ${((phase.pagesPerSec / extractRate) * 100).toFixed(0)}% of extract-only; worst event-loop stall ${phase.loopDelayMaxMs ?? '?'} ms ` +
        `(lock 60000 ms, renewed every 30000 ms); RSS ${phase.rss.map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(', ')}`,
    );
  }
  const big = phases.at(-1)!;
  const r1k = big.rss.find(([k]) => k === 'after 1,000')?.[1];
  const rEnd = big.rss.at(-1)![1];
  if (r1k !== undefined) {
    console.log(`RSS after ${big.jobs.toLocaleString('en')} / after 1,000 jobs: ${(rEnd / r1k).toFixed(2)}× (target ≤ 1.10×)`);
  }
  const best = phases.reduce((a, b) => (b.pagesPerSec / b.extractRate! > a.pagesPerSec / a.extractRate! ? b : a));
  console.log(`best end to end / extract-only: ${((best.pagesPerSec / best.extractRate!) * 100).toFixed(0)}% at concurrency ${best.concurrency} (target ≥ 70%; the worker extracts on ${EXTRACT_THREADS} thread(s) beside its I/O thread)`);
  await site.close();
}

await main();
