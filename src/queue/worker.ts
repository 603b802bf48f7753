/**
 * The consumer side: a BullMQ Worker whose processor is `ingestOne`.
 *
 * Failure handling: a permanent code (GleanerError.retryable === false) fails the
 * job at once through UnrecoverableError; a retryable one is thrown as a normal
 * error and retried with our backoff (exponential, jitter, Retry-After honoured).
 * Either way the job keeps the code: failedReason is `CODE: message` and
 * `data.error` holds `{code, message}` of the last attempt.
 *
 * Lock renewal: extraction runs in a worker_threads pool when the caller passes one
 * (workers/ingest.ts does), so the event loop that renews BullMQ's locks only does
 * I/O. Event-loop delay is sampled and logged so that claim stays checked.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { toGleanerError, type ErrorInfo } from '../errors.js';
import type { Logger } from '../log.js';
import { ingestOne, type PipelineDeps } from '../pipeline/index.js';
import type { IngestJobData, IngestJobResult } from './jobs.js';
import { BACKOFF_TYPE, DEFAULT_QUEUE_PREFIX, DEFAULT_RETRY, INGEST_QUEUE, backoffDelay } from './settings.js';

export interface IngestWorkerOptions {
  /** A worker-style connection (createWorkerRedis: maxRetriesPerRequest null). BullMQ duplicates it for blocking calls. */
  connection: Redis;
  deps: PipelineDeps;
  concurrency: number;
  prefix?: string;
  logger?: Logger;
  /** Lock held per active job, renewed every half; default 60 s (BullMQ: 30 s). */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (of dead workers); default 30 s. */
  stalledIntervalMs?: number;
  /** Stalls before a job fails instead of running again; default 2. */
  maxStalledCount?: number;
  /** Longest retry delay; default 10 min. */
  maxRetryDelayMs?: number;
}

/** A retryable failure; carries Retry-After to the backoff strategy. */
export class RetryableJobError extends Error {
  constructor(message: string, readonly retryAfterMs: number | undefined) {
    super(message);
    this.name = 'RetryableJobError';
  }
}

export interface IngestWorker {
  readonly worker: Worker<IngestJobData, IngestJobResult>;
  /** Event-loop delay since the last call, ms (max and p99): the lock-renewal margin check. */
  loopDelay(): { maxMs: number; p99Ms: number; meanMs: number };
  /** Stops taking jobs and waits for active ones up to `timeoutMs`, then abandons them to the stalled checker. */
  close(timeoutMs: number): Promise<'drained' | 'abandoned'>;
}

export function createIngestWorker(options: IngestWorkerOptions): IngestWorker {
  const logger = options.logger;
  const maxDelay = options.maxRetryDelayMs ?? DEFAULT_RETRY.maxDelayMs;

  const processor = async (job: Job<IngestJobData, IngestJobResult>, _token?: string, signal?: AbortSignal): Promise<IngestJobResult> => {
    try {
      const result = await ingestOne(job.data.url, options.deps, { attempt: job.attemptsMade + 1, ...(signal ? { signal } : {}) });
      logger?.debug({ jobId: job.id, url: job.data.url, recordId: result.recordId, outcome: result.outcome, ...result.stats }, 'ingested');
      return { recordId: result.recordId, outcome: result.outcome, duplicateOf: result.duplicateOf, stats: result.stats };
    } catch (err) {
      const error = toGleanerError(err);
      const info: ErrorInfo = error.toJSON();
      await job.updateData({ ...job.data, error: info }).catch(() => undefined);
      const reason = `${error.code}: ${error.message}`;
      logger?.info({ jobId: job.id, url: job.data.url, code: error.code, attempt: job.attemptsMade + 1, retryable: error.retryable }, 'ingest failed');
      if (!error.retryable) throw new UnrecoverableError(reason);
      throw new RetryableJobError(reason, error.retryAfterMs);
    }
  };

  const worker = new Worker<IngestJobData, IngestJobResult>(INGEST_QUEUE, processor, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    concurrency: Math.max(1, Math.floor(options.concurrency)),
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    settings: {
      backoffStrategy: (attemptsMade, type, err, job) => {
        if (type !== BACKOFF_TYPE) return 0; // 0: BullMQ's default for a type it does not know
        const base = (job?.opts as { backoff?: { delay?: number } } | undefined)?.backoff?.delay ?? DEFAULT_RETRY.baseDelayMs;
        return backoffDelay(attemptsMade, base, maxDelay, (err as RetryableJobError | undefined)?.retryAfterMs);
      },
    },
  });
  // Redis going away surfaces here; without a listener it would crash the process. The client reconnects.
  worker.on('error', (err) => logger?.warn({ err: err.message }, 'worker error'));
  worker.on('stalled', (jobId) => logger?.warn({ jobId }, 'job stalled; moved back to wait'));

  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();

  return {
    worker,
    loopDelay() {
      const out = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, meanMs: histogram.mean / 1e6 };
      histogram.reset();
      return out;
    },
    async close(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = worker.close().then(() => 'drained' as const);
      const deadline = new Promise<'abandoned'>((resolve) => {
        timer = setTimeout(() => resolve('abandoned'), timeoutMs);
      });
      try {
        const outcome = await Promise.race([graceful, deadline]);
        if (outcome === 'abandoned') {
          // Unfinished jobs keep their lock until it expires, then another worker's stalled check retries them.
          await worker.close(true).catch(() => undefined);
        }
        return outcome;
      } finally {
        clearTimeout(timer);
        histogram.disable();
      }
    },
  };
}
