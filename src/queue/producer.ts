/**
 * The producer side of the ingest queue, shared by `gleaner enqueue`, the HTTP API
 * and scheduled sources. One job per canonical URL: re-enqueueing a URL whose job
 * is still pending, or finished within the retention window, reports `duplicate`.
 */
import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkUrl } from '../fetch/index.js';
import type { Logger } from '../log.js';
import { connectProducerRedis, isConnectionError, queueUnavailable, TimeoutError, withTimeout } from './connection.js';
import { GleanerError } from '../errors.js';
import { forcedJobIdFor, jobIdFor, parseFailedReason, type IngestJobData, type IngestJobResult, type JobState, type JobStatus } from './jobs.js';
import {
  BACKOFF_TYPE, DEFAULT_QUEUE_PREFIX, DEFAULT_RETENTION, DEFAULT_RETRY, INGEST_QUEUE,
  type RetentionSettings, type RetrySettings,
} from './settings.js';

export interface ProducerOptions {
  redisUrl: string;
  logger?: Logger;
  /** BullMQ key prefix; default "gleaner". Workers must use the same. */
  prefix?: string;
  /** First connection; default 2000 ms. */
  connectTimeoutMs?: number;
  /** Bound on each later Redis round trip; default 5000 ms. */
  operationTimeoutMs?: number;
  retry?: Partial<RetrySettings>;
  retention?: Partial<RetentionSettings>;
}

export interface EnqueueOptions {
  /** Re-ingest even when a job for the URL exists (removes the old one, or adds a sibling while it runs). */
  force?: boolean;
  /** BullMQ priority: 1 is the highest; omitted/0 = normal FIFO. */
  priority?: number;
}

export interface EnqueueResult {
  url: string;
  jobId: string;
  status: 'queued' | 'duplicate';
}

export type JobCounts = Record<'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed', number>;

export interface Producer {
  /** Validates every URL first (GleanerError INVALID_URL naming it, nothing added), then adds; results in input order. */
  enqueue(urls: readonly string[], options?: EnqueueOptions): Promise<EnqueueResult[]>;
  getJobStatus(jobId: string): Promise<JobStatus | null>;
  counts(): Promise<JobCounts>;
  close(): Promise<void>;
  /** The BullMQ queue, for what this face does not cover (metrics, schedulers). */
  readonly queue: Queue<IngestJobData, IngestJobResult>;
}

const CHUNK = 500;

export async function createProducer(options: ProducerOptions): Promise<Producer> {
  const redis: Redis = await connectProducerRedis(options.redisUrl, { connectTimeoutMs: options.connectTimeoutMs ?? 2000 });
  const opTimeout = options.operationTimeoutMs ?? 5000;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const retention = { ...DEFAULT_RETENTION, ...options.retention };
  const queue = new Queue<IngestJobData, IngestJobResult>(INGEST_QUEUE, { connection: redis, prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX });
  queue.on('error', (err) => options.logger?.warn({ err }, 'queue error'));

  const jobOptions = (jobId: string, priority: number | undefined): JobsOptions => ({
    jobId,
    attempts: retry.attempts,
    backoff: { type: BACKOFF_TYPE, delay: retry.baseDelayMs },
    removeOnComplete: { age: retention.completedAgeS, count: retention.completedCount },
    removeOnFail: { age: retention.failedAgeS, count: retention.failedCount },
    ...(priority !== undefined && priority > 0 ? { priority } : {}),
  });

  /** Every Redis call is bounded in time; a lost or slow connection is QUEUE_UNAVAILABLE. */
  const op = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(fn(), opTimeout, what);
    } catch (err) {
      if (err instanceof GleanerError) throw err;
      if (redis.status !== 'ready' || err instanceof TimeoutError || isConnectionError(err)) throw queueUnavailable(options.redisUrl, err);
      throw new GleanerError('INTERNAL', `queue ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  };

  const addChunk = async (urls: readonly string[], priority: number | undefined): Promise<EnqueueResult[]> => {
    const call = randomUUID();
    const enqueuedAt = new Date().toISOString();
    const entries = urls.map((url, i) => {
      const jobId = jobIdFor(url);
      const data: IngestJobData = { url, token: `${call}:${i}`, enqueuedAt };
      return { name: 'ingest', data, opts: jobOptions(jobId, priority) };
    });
    await op('addBulk', () => queue.addBulk(entries));
    // BullMQ answers a duplicate id with the existing job's id, silently; the token
    // stored in the job's data says whose add it was (also within this chunk).
    const stored = await op('getJob', () => Promise.all(entries.map((e) => queue.getJob(e.opts.jobId!))));
    return entries.map((e, i) => ({
      url: e.data.url,
      jobId: e.opts.jobId!,
      status: stored[i] === undefined || stored[i]!.data.token === e.data.token ? 'queued' : 'duplicate',
    }));
  };

  const forceOne = async (url: string, priority: number | undefined): Promise<EnqueueResult> => {
    const baseId = jobIdFor(url);
    const data: IngestJobData = { url, token: randomUUID(), enqueuedAt: new Date().toISOString() };
    return op('force', async () => {
      const existing = await queue.getJob(baseId);
      let jobId = baseId;
      if (existing !== undefined) {
        const state = await existing.getState();
        // A running job holds a lock and cannot be removed: add a sibling beside it.
        const removed = state === 'active' ? 0 : await queue.remove(baseId).catch(() => 0);
        if (removed !== 1) jobId = forcedJobIdFor(url, Date.now().toString(36) + Math.random().toString(36).slice(2, 6));
      }
      await queue.add('ingest', data, jobOptions(jobId, priority));
      return { url, jobId, status: 'queued' as const };
    });
  };

  return {
    queue,
    async enqueue(urls, opts = {}) {
      for (const url of urls) checkUrl(url); // throws INVALID_URL naming the URL; nothing added yet
      const out: EnqueueResult[] = [];
      if (opts.force === true) {
        for (const url of urls) out.push(await forceOne(url, opts.priority));
        return out;
      }
      for (let i = 0; i < urls.length; i += CHUNK) out.push(...(await addChunk(urls.slice(i, i + CHUNK), opts.priority)));
      return out;
    },
    async getJobStatus(jobId) {
      return op('getJobStatus', async () => {
        // State first: a job read before it finished would lack the returnvalue its state promises.
        const state = (await queue.getJobState(jobId)) as JobState;
        const job = await queue.getJob(jobId);
        if (job === undefined) return null;
        // attemptsMade counts failed tries only; attemptsStarted counts every start (stall restarts too).
        const status: JobStatus = { jobId, url: job.data.url, state, attempts: Math.max(job.attemptsMade, job.attemptsStarted ?? 0) };
        const result = job.returnvalue as IngestJobResult | null | undefined;
        if (state === 'completed' && result?.recordId) status.recordId = result.recordId;
        const error = state === 'failed' ? parseFailedReason(job.failedReason) ?? job.data.error : job.data.error;
        if (error !== undefined && state !== 'completed') status.error = error;
        return status;
      });
    },
    async counts() {
      return op('counts', async () => {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
        return {
          waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, prioritized: c.prioritized ?? 0,
          completed: c.completed ?? 0, failed: c.failed ?? 0,
        };
      });
    },
    async close() {
      await queue.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
