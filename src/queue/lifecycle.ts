/**
 * What the long-running workers (ingest, discover) share: their Redis connection with
 * shared politeness, and the stop protocol — one
 * idempotent `stop`, a `done` promise with the exit status, and SIGTERM/SIGINT
 * handlers where a second signal exits at once.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createRedisPoliteness, type Politeness } from '../fetch/index.js';
import type { Logger } from '../log.js';
import { createWorkerRedis } from './connection.js';

/**
 * The Redis connection of a long-running worker, and the per-host politeness every
 * worker shares through it (same key prefix, so all workers on all machines count
 * against one host budget).
 */
export function workerConnections(config: Config, prefix: string, logger: Logger): { redis: Redis; politeness: Politeness } {
  const redis = createWorkerRedis(config.redisUrl);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  const politeness = createRedisPoliteness(redis, {
    concurrency: config.hostConcurrency,
    intervalMs: config.hostIntervalMs,
    keyPrefix: `${prefix}:polite:`,
    // A slot outlives the longest fetch; a crashed worker's slot frees itself after this.
    leaseMs: config.deadlineMs + 30_000,
  });
  return { redis, politeness };
}

export interface RunningWorker {
  /** Resolves with the exit status once stopped. */
  readonly done: Promise<number>;
  stop(reason: string): Promise<number>;
}

export interface LifecycleOptions {
  logger: Logger;
  /** Install SIGTERM/SIGINT handlers. Default true. */
  handleSignals?: boolean;
}

/** Wraps a shutdown routine (drain, close connections) into a RunningWorker. */
export function runningWorker(shutdown: (reason: string) => Promise<void>, options: LifecycleOptions): RunningWorker {
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => { resolveDone = resolve; });
  let stopping: Promise<number> | null = null;
  const stop = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      await shutdown(reason);
      options.logger.flush();
      resolveDone(0);
      return 0;
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping !== null) {
        options.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      void stop(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return { done, stop };
}
