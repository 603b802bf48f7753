/**
 * Cluster-wide job metrics kept in Redis. Workers on any machine add to one hash per
 * queue prefix; every API replica reads the same hash at scrape time, so /metrics
 * agrees across replicas and survives restarts of the process that did the work
 * (prom-client's own counters live and die with one process).
 *
 * Hash fields (all integers except `*|sum`):
 *   jobs|<completed|failed|retried>|<code>       job outcomes ('' code for completed)
 *   records|<created|updated|unchanged|not_modified>
 *   fetch_bytes, near_duplicates, duplicates_removed
 *   stage|<fetch|extract|store|total>|b|<i>     histogram bucket i (not cumulative), sum (s), count
 *   discover|<source>|<completed|failed>|<code>, discover_urls|<source>
 */
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { IngestJobResult } from '../queue/index.js';
import { parseFailedReason } from '../queue/index.js';
import type { Logger } from '../log.js';

export const STAGES = ['fetch', 'extract', 'store', 'total'] as const;
export type Stage = (typeof STAGES)[number];
/** Upper bounds in seconds (the +Inf bucket is implicit). */
export const STAGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const metricsKey = (prefix: string): string => `${prefix}:metrics`;

function bucketIndex(seconds: number): number {
  const i = STAGE_BUCKETS.findIndex((le) => seconds <= le);
  return i === -1 ? STAGE_BUCKETS.length : i;
}

export interface JobOutcome {
  outcome: 'completed' | 'failed' | 'retried';
  code?: string;
  result?: IngestJobResult;
}

export interface DiscoverOutcome {
  sourceId: string;
  outcome: 'completed' | 'failed';
  code?: string;
  enqueued?: number;
}

export interface MetricsRecorder {
  recordJob(outcome: JobOutcome): Promise<void>;
  recordDiscover(outcome: DiscoverOutcome): Promise<void>;
}

export function createMetricsRecorder(redis: Redis, options: { prefix: string; logger?: Logger }): MetricsRecorder {
  const key = metricsKey(options.prefix);
  // Metrics must never fail a job: errors are logged at debug and dropped.
  const exec = async (build: (m: ReturnType<Redis['multi']>) => void): Promise<void> => {
    try {
      const multi = redis.multi();
      build(multi);
      await multi.exec();
    } catch (err) {
      options.logger?.debug({ err: (err as Error).message }, 'metrics not recorded');
    }
  };
  return {
    recordJob({ outcome, code, result }) {
      return exec((m) => {
        m.hincrby(key, `jobs|${outcome}|${outcome === 'completed' ? '' : (code ?? 'INTERNAL')}`, 1);
        if (outcome !== 'completed' || result === undefined) return;
        const s = result.stats;
        const record = result.outcome === 'not-modified' ? 'not_modified' : s.created ? 'created' : s.contentChanged ? 'updated' : 'unchanged';
        m.hincrby(key, `records|${record}`, 1);
        if (s.bytes > 0) m.hincrby(key, 'fetch_bytes', s.bytes);
        if (s.duplicatesRemoved > 0) m.hincrby(key, 'duplicates_removed', s.duplicatesRemoved);
        if (result.duplicateOf !== null && s.created) m.hincrby(key, 'near_duplicates', 1);
        const ms: Record<Stage, number> = { fetch: s.fetchMs, extract: s.extractMs, store: s.storeMs, total: s.totalMs };
        for (const stage of STAGES) {
          const seconds = Math.max(0, ms[stage]) / 1000;
          m.hincrby(key, `stage|${stage}|b|${bucketIndex(seconds)}`, 1);
          m.hincrbyfloat(key, `stage|${stage}|sum`, seconds);
          m.hincrby(key, `stage|${stage}|count`, 1);
        }
      });
    },
    recordDiscover({ sourceId, outcome, code, enqueued }) {
      return exec((m) => {
        m.hincrby(key, `discover|${sourceId}|${outcome}|${outcome === 'completed' ? '' : (code ?? 'INTERNAL')}`, 1);
        if (enqueued !== undefined && enqueued > 0) m.hincrby(key, `discover_urls|${sourceId}`, enqueued);
      });
    },
  };
}

/**
 * Counts each ingest job once when it ends: `completed`, `failed` (final), or
 * `retried` (a retryable failure with attempts left). Call once per Worker.
 */
export function attachJobMetrics(worker: Worker, recorder: MetricsRecorder): void {
  worker.on('completed', (_job: Job, result: unknown) => {
    void recorder.recordJob({ outcome: 'completed', result: result as IngestJobResult });
  });
  worker.on('failed', (job: Job | undefined, err: Error) => {
    const code = parseFailedReason(err?.message ?? job?.failedReason)?.code ?? 'INTERNAL';
    const attempts = job?.opts.attempts ?? 1;
    const final = job === undefined || err?.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    void recorder.recordJob({ outcome: final ? 'failed' : 'retried', code });
  });
}

export interface HistogramSnapshot {
  /** Non-cumulative counts per bucket; the last one is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

export interface AggregateSnapshot {
  jobs: Array<{ outcome: string; code: string; value: number }>;
  records: Record<string, number>;
  fetchBytes: number;
  nearDuplicates: number;
  duplicatesRemoved: number;
  stages: Record<Stage, HistogramSnapshot>;
  discoverRuns: Array<{ source: string; outcome: string; code: string; value: number }>;
  discoverUrls: Array<{ source: string; value: number }>;
}

export async function readAggregate(redis: Redis, prefix: string): Promise<AggregateSnapshot> {
  const raw = await redis.hgetall(metricsKey(prefix));
  const snap: AggregateSnapshot = {
    jobs: [], records: {}, fetchBytes: 0, nearDuplicates: 0, duplicatesRemoved: 0,
    stages: Object.fromEntries(STAGES.map((s) => [s, { buckets: new Array<number>(STAGE_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }])) as Record<Stage, HistogramSnapshot>,
    discoverRuns: [], discoverUrls: [],
  };
  for (const [field, value] of Object.entries(raw)) {
    const n = Number(value);
    const parts = field.split('|');
    switch (parts[0]) {
      case 'jobs': snap.jobs.push({ outcome: parts[1] ?? '', code: parts[2] ?? '', value: n }); break;
      case 'records': snap.records[parts[1] ?? ''] = n; break;
      case 'fetch_bytes': snap.fetchBytes = n; break;
      case 'near_duplicates': snap.nearDuplicates = n; break;
      case 'duplicates_removed': snap.duplicatesRemoved = n; break;
      case 'stage': {
        const h = snap.stages[parts[1] as Stage];
        if (h === undefined) break;
        if (parts[2] === 'b') h.buckets[Math.min(Number(parts[3]), STAGE_BUCKETS.length)]! += n;
        else if (parts[2] === 'sum') h.sum = n;
        else if (parts[2] === 'count') h.count = n;
        break;
      }
      case 'discover': snap.discoverRuns.push({ source: parts[1] ?? '', outcome: parts[2] ?? '', code: parts[3] ?? '', value: n }); break;
      case 'discover_urls': snap.discoverUrls.push({ source: parts[1] ?? '', value: n }); break;
    }
  }
  return snap;
}
