/**
 * The discover worker: a BullMQ Worker on the `discover` queue whose jobs are the
 * scheduler ticks of each source. One run per job; a bad source fails its own job
 * (logged with its code, counted in metrics) and never touches the others. No
 * retries: the next tick is the retry.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { toGleanerError } from '../errors.js';
import type { Fetcher } from '../fetch/index.js';
import type { Logger } from '../log.js';
import type { MetricsRecorder } from '../metrics/aggregate.js';
import { DEFAULT_QUEUE_PREFIX } from '../queue/index.js';
import { discoverSource, type DiscoverReport, type EnqueueFn } from './discover.js';
import { DISCOVER_QUEUE, type DiscoverJobData } from './scheduler.js';
import type { SeenMemory } from './seen.js';

export interface DiscoverWorkerOptions {
  /** Worker-style connection (maxRetriesPerRequest: null). */
  connection: Redis;
  fetcher: Fetcher;
  seen: SeenMemory;
  enqueue: EnqueueFn;
  maxBytes: number;
  prefix?: string;
  /** Sources fetched at once; default 4. */
  concurrency?: number;
  logger?: Logger;
  recorder?: MetricsRecorder;
}

export interface DiscoverWorker {
  readonly worker: Worker<DiscoverJobData, DiscoverReport>;
  close(timeoutMs: number): Promise<'drained' | 'abandoned'>;
}

export function createDiscoverWorker(options: DiscoverWorkerOptions): DiscoverWorker {
  const { logger, recorder } = options;
  const processor = async (job: Job<DiscoverJobData, DiscoverReport>, _token?: string, signal?: AbortSignal): Promise<DiscoverReport> => {
    const source = job.data.source;
    const started = performance.now();
    try {
      const report = await discoverSource(source, {
        fetcher: options.fetcher, seen: options.seen, enqueue: options.enqueue, maxBytes: options.maxBytes,
        ...(logger ? { logger } : {}), ...(signal ? { signal } : {}),
      });
      logger?.info({ source: source.id, outcome: 'completed', ms: Math.round(performance.now() - started), ...report }, 'source discovered');
      await recorder?.recordDiscover({ sourceId: source.id, outcome: 'completed', enqueued: report.enqueued });
      return report;
    } catch (err) {
      const error = toGleanerError(err);
      logger?.warn({ source: source.id, kind: source.kind, url: source.url ?? source.file, outcome: 'failed', code: error.code, err: error.message, ms: Math.round(performance.now() - started) }, 'source failed');
      await recorder?.recordDiscover({ sourceId: source.id, outcome: 'failed', code: error.code });
      throw new UnrecoverableError(`${error.code}: ${error.message}`);
    }
  };
  const worker = new Worker<DiscoverJobData, DiscoverReport>(DISCOVER_QUEUE, processor, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    concurrency: Math.max(1, options.concurrency ?? 4),
    // A sitemap index can take a while (politeness between child sitemaps).
    lockDuration: 120_000,
  });
  worker.on('error', (err) => logger?.warn({ err: err.message }, 'discover worker error'));
  return {
    worker,
    async close(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'abandoned'>((resolve) => { timer = setTimeout(() => resolve('abandoned'), timeoutMs); });
      try {
        const outcome = await Promise.race([worker.close().then(() => 'drained' as const), deadline]);
        if (outcome === 'abandoned') await worker.close(true).catch(() => undefined);
        return outcome;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
