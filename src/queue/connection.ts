/**
 * Redis connections for the two sides of the queue, configured as BullMQ wants:
 *  - workers: `maxRetriesPerRequest: null`, offline queue on — a Redis restart
 *    pauses them and they carry on after reconnecting;
 *  - producers (CLI, HTTP API): `enableOfflineQueue: false` and a short connect
 *    timeout — a down Redis is a QUEUE_UNAVAILABLE error at once, never a hang.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { GleanerError } from '../errors.js';

/** Reconnect forever, backing off to 2 s between tries (Redis restarts, failovers). */
const retryStrategy = (times: number): number => Math.min(100 * times, 2000);

export function createWorkerRedis(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy, ...options });
}

export interface ProducerRedisOptions {
  /** How long to wait for the first connection. Default 2000 ms. */
  connectTimeoutMs?: number;
}

/** Connects (or fails with QUEUE_UNAVAILABLE within the timeout); the client keeps reconnecting afterwards. */
export async function connectProducerRedis(redisUrl: string, options: ProducerRedisOptions = {}): Promise<Redis> {
  const timeoutMs = options.connectTimeoutMs ?? 2000;
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    retryStrategy,
    lazyConnect: true,
  });
  // Without a listener ioredis prints every failed reconnect as an unhandled error event.
  redis.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw queueUnavailable(redisUrl, err);
  } finally {
    clearTimeout(timer);
  }
}

/** The Redis URL without its password, for messages and logs. */
export function redactRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password !== '') url.password = '***';
    return url.href;
  } catch {
    return '(invalid Redis URL)';
  }
}

export function queueUnavailable(redisUrl: string, err: unknown): GleanerError {
  if (err instanceof GleanerError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new GleanerError('QUEUE_UNAVAILABLE', `Redis at ${redactRedisUrl(redisUrl)} is unavailable: ${detail}`, { cause: err });
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** ioredis/socket errors that mean "Redis is not there right now". */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)$/.test(e.code)) return true;
  return typeof e?.message === 'string' && /Stream isn't writeable|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest|LOADING/i.test(e.message);
}

/** Bounds one Redis operation: a producer must answer, even when Redis half-hangs. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`${what} got no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
