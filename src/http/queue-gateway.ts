/**
 * The API's view of the queue: a producer connected on first use and kept, so `serve`
 * starts (and /readyz reports 503) while Redis is down, and recovers by itself when it
 * returns. Every call is bounded: producers run with `enableOfflineQueue: false`, so a
 * dead Redis is a QUEUE_UNAVAILABLE error at once, never a hung request.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { GleanerError } from '../errors.js';
import type { Logger } from '../log.js';
import { readAggregate, type AggregateSnapshot } from '../metrics/aggregate.js';
import type { QueueDepth } from '../metrics/registry.js';
import {
  connectProducerRedis, createProducer, DEFAULT_QUEUE_PREFIX, INGEST_QUEUE,
  type EnqueueOptions, type EnqueueResult, type JobStatus, type Producer,
} from '../queue/index.js';
import { DISCOVER_QUEUE } from '../sources/scheduler.js';

export interface QueueGateway {
  enqueue(urls: readonly string[], options?: EnqueueOptions): Promise<EnqueueResult[]>;
  getJobStatus(jobId: string): Promise<JobStatus | null>;
  /** Resolves when Redis answers PING within `timeoutMs`; rejects with QUEUE_UNAVAILABLE otherwise. */
  ping(timeoutMs: number): Promise<void>;
  queueDepth(): Promise<QueueDepth>;
  aggregate(): Promise<AggregateSnapshot>;
  close(): Promise<void>;
}

export interface QueueGatewayOptions {
  redisUrl: string;
  prefix?: string;
  logger?: Logger;
  /** First connection attempt; default 1000 ms. */
  connectTimeoutMs?: number;
  /** Each later Redis round trip; default 3000 ms. */
  operationTimeoutMs?: number;
}

async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GleanerError('QUEUE_UNAVAILABLE', `Redis did not answer ${what} within ${ms} ms`)), ms);
      }),
    ]);
  } catch (err) {
    if (err instanceof GleanerError) throw err;
    throw new GleanerError('QUEUE_UNAVAILABLE', `Redis is unavailable: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** The producer, plus a monitoring connection of our own for PING, job counts and metrics. */
interface Connected {
  producer: Producer;
  redis: Redis;
  ingest: Queue;
  discover: Queue;
}

export function createQueueGateway(options: QueueGatewayOptions): QueueGateway {
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const opTimeout = options.operationTimeoutMs ?? 3000;
  let connected: Connected | null = null;
  let connecting: Promise<Connected> | null = null;
  let closed = false;

  const connect = async (): Promise<Connected> => {
    const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
    const redis = await connectProducerRedis(options.redisUrl, { connectTimeoutMs });
    try {
      const producer = await createProducer({
        redisUrl: options.redisUrl, prefix, connectTimeoutMs, operationTimeoutMs: opTimeout,
        ...(options.logger ? { logger: options.logger } : {}),
      });
      const ingest = new Queue(INGEST_QUEUE, { connection: redis, prefix });
      const discover = new Queue(DISCOVER_QUEUE, { connection: redis, prefix });
      // The connection reports Redis trouble through the calls that fail; no unhandled 'error' events.
      ingest.on('error', () => undefined);
      discover.on('error', () => undefined);
      return { producer, redis, ingest, discover };
    } catch (err) {
      redis.disconnect();
      throw err;
    }
  };

  const get = async (): Promise<Connected> => {
    if (closed) throw new GleanerError('QUEUE_UNAVAILABLE', 'the API is shutting down');
    if (connected !== null) return connected;
    // One connection attempt at a time, however many requests arrive meanwhile.
    connecting ??= connect()
      .then((c) => {
        connected = c;
        return c;
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  };

  return {
    async enqueue(urls, opts) {
      return (await get()).producer.enqueue(urls, opts);
    },
    async getJobStatus(jobId) {
      return (await get()).producer.getJobStatus(jobId);
    },
    async ping(timeoutMs) {
      await bounded((async () => { await (await get()).redis.ping(); })(), timeoutMs, 'PING');
    },
    async queueDepth() {
      return bounded(
        (async () => {
          const c = await get();
          const [ingest, discover] = await Promise.all([c.ingest.getJobCounts(...DEPTH_STATES), c.discover.getJobCounts(...DEPTH_STATES)]);
          return { [INGEST_QUEUE]: ingest, [DISCOVER_QUEUE]: discover };
        })(),
        opTimeout,
        'job counts',
      );
    },
    async aggregate() {
      return bounded((async () => readAggregate((await get()).redis, prefix))(), opTimeout, 'metrics');
    },
    async close() {
      closed = true;
      await connecting?.catch(() => undefined);
      const c = connected;
      connected = null;
      if (c === null) return;
      await Promise.all([c.ingest.close(), c.discover.close()].map((p) => p.catch(() => undefined)));
      await c.producer.close();
      await c.redis.quit().catch(() => c.redis.disconnect());
    },
  };
}
