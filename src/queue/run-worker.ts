/**
 * The ingest worker process: BullMQ Worker + fetcher (politeness shared through
 * Redis) + extraction thread pool + store. Run by `gleaner work` and by the
 * entry point workers/ingest.ts.
 *
 * SIGTERM/SIGINT: stop taking jobs, let active ones finish within the shutdown
 * timeout (then leave them to the stalled checker), close connections, exit 0.
 */
import type { Config } from '../config.js';
import { createFetcher } from '../fetch/index.js';
import { createLogger, type Logger } from '../log.js';
import { createExtractPool } from '../pipeline/index.js';
import { createIngestWorker, DEFAULT_QUEUE_PREFIX, redactRedisUrl } from './index.js';
import { attachJobMetrics, createMetricsRecorder } from '../metrics/aggregate.js';
import { runningWorker, workerConnections, type RunningWorker } from './lifecycle.js';
import { openStore } from '../store/index.js';

export interface RunIngestWorkerOptions {
  config: Config;
  concurrency?: number;
  prefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  /** Graceful drain limit on SIGTERM; default 25 s (inside the usual 30 s kill grace). */
  shutdownTimeoutMs?: number;
  /** Extraction threads; 0 extracts on the main thread. Default 1. */
  extractThreads?: number;
  logger?: Logger;
  /** Install SIGTERM/SIGINT handlers. Default true. */
  handleSignals?: boolean;
}

export type { RunningWorker } from './lifecycle.js';

export async function runIngestWorker(options: RunIngestWorkerOptions): Promise<RunningWorker> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'gleaner-worker' });
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const concurrency = options.concurrency ?? config.workerConcurrency;

  const store = await openStore(config.store, { logger });
  const { redis, politeness } = workerConnections(config, prefix, logger);
  const fetcher = createFetcher(config, { logger, politeness, connectionsPerOrigin: Math.max(config.hostConcurrency, 1) });
  const threads = options.extractThreads ?? 1;
  const pool = threads > 0 ? createExtractPool({ threads, logger }) : null;

  const ingest = createIngestWorker({
    connection: redis,
    deps: { fetcher, store, logger, ...(pool ? { extract: pool.extract } : {}) },
    concurrency,
    prefix,
    logger,
    ...(options.lockDurationMs !== undefined ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
    ...(options.maxStalledCount !== undefined ? { maxStalledCount: options.maxStalledCount } : {}),
  });
  // Job outcomes, stage timings and byte counts go to one Redis hash that every API replica reads.
  attachJobMetrics(ingest.worker, createMetricsRecorder(redis, { prefix, logger }));
  logger.info({ redis: redactRedisUrl(config.redisUrl), prefix, concurrency, extractThreads: threads, pid: process.pid }, 'worker started');

  // The lock-renewal margin, measured: the worst event-loop stall per minute.
  let worstLoopDelayMs = 0;
  const sampleHealth = (): void => {
    const d = ingest.loopDelay();
    worstLoopDelayMs = Math.max(worstLoopDelayMs, d.maxMs);
    logger.info({ loopDelayMaxMs: Math.round(d.maxMs), loopDelayP99Ms: Math.round(d.p99Ms), rssMb: Math.round(process.memoryUsage().rss / 1048576) }, 'worker health');
  };
  const lagTimer = setInterval(sampleHealth, 60_000);
  lagTimer.unref();

  return runningWorker(async (reason) => {
    const timeoutMs = options.shutdownTimeoutMs ?? 25_000;
    logger.info({ reason, timeoutMs }, 'worker stopping: no new jobs, finishing active ones');
    clearInterval(lagTimer);
    sampleHealth();
    const outcome = await ingest.close(timeoutMs);
    if (outcome === 'abandoned') logger.warn('active jobs did not finish in time; left for the stalled checker');
    await Promise.allSettled([pool?.close(), fetcher.close(), store.close()]);
    await redis.quit().catch(() => redis.disconnect());
    // Worst event-loop stall of the run vs the lock: renewal happens every lockDuration/2.
    logger.info({ outcome, loopDelayMaxMs: Math.round(worstLoopDelayMs), lockDurationMs: options.lockDurationMs ?? 60_000 }, 'worker stopped');
  }, { logger, ...(options.handleSignals !== undefined ? { handleSignals: options.handleSignals } : {}) });
}
