/**
 * The discover worker process: runs scheduled sources (feeds, sitemaps, URL lists)
 * and hands new or changed URLs to the ingest queue. Started by `gleaner discover`
 * or `gleaner schedule --run-worker`, or directly:
 *
 *   node dist/workers/discover.js [gleaner discover flags]     (npx tsx workers/discover.ts … in development)
 *
 * Fetches share the per-host politeness budget in Redis with the ingest workers, so
 * a site's feed and its articles count against the same limit.
 */
import { pathToFileURL } from 'node:url';
import type { Config } from '../src/config.js';
import { createFetcher } from '../src/fetch/index.js';
import { createLogger, type Logger } from '../src/log.js';
import { createMetricsRecorder } from '../src/metrics/aggregate.js';
import { createProducer, DEFAULT_QUEUE_PREFIX, redactRedisUrl } from '../src/queue/index.js';
import { runningWorker, workerConnections, type RunningWorker } from '../src/queue/lifecycle.js';
import { createSeenMemory } from '../src/sources/seen.js';
import { createDiscoverWorker } from '../src/sources/worker.js';

export interface RunDiscoverWorkerOptions {
  config: Config;
  prefix?: string;
  /** Sources fetched at once; default 4. */
  concurrency?: number;
  logger?: Logger;
  /** Install SIGTERM/SIGINT handlers. Default true. */
  handleSignals?: boolean;
  shutdownTimeoutMs?: number;
}

export type RunningDiscoverWorker = RunningWorker;

export async function runDiscoverWorker(options: RunDiscoverWorkerOptions): Promise<RunningDiscoverWorker> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'gleaner-discover' });
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  // Fails with QUEUE_UNAVAILABLE now if Redis is down at start; reconnects by itself later.
  const producer = await createProducer({ redisUrl: config.redisUrl, prefix, logger });
  const { redis, politeness } = workerConnections(config, prefix, logger);
  const fetcher = createFetcher(config, { logger, politeness });
  const discover = createDiscoverWorker({
    connection: redis,
    fetcher,
    seen: createSeenMemory(redis, { prefix }),
    enqueue: (urls, opts) => producer.enqueue(urls, opts),
    maxBytes: config.maxBytes,
    prefix,
    logger,
    recorder: createMetricsRecorder(redis, { prefix, logger }),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  logger.info({ redis: redactRedisUrl(config.redisUrl), prefix, pid: process.pid }, 'discover worker started');

  return runningWorker(async (reason) => {
    logger.info({ reason }, 'discover worker stopping');
    await discover.close(options.shutdownTimeoutMs ?? 25_000);
    await Promise.allSettled([fetcher.close(), producer.close()]);
    await redis.quit().catch(() => redis.disconnect());
    logger.info('discover worker stopped');
  }, { logger, ...(options.handleSignals !== undefined ? { handleSignals: options.handleSignals } : {}) });
}

// Run directly: same flags as `gleaner discover`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { main } = await import('../src/cli/index.js');
  await main(['discover', ...process.argv.slice(2)]);
}
