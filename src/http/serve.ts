/**
 * `gleaner serve`: the API on config.host:config.port, with the store opened here and
 * the queue connected lazily (serve starts, and /readyz says 503, while Redis is down).
 */
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { GleanerError } from '../errors.js';
import type { Logger } from '../log.js';
import { createMetrics } from '../metrics/registry.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { createQueueGateway, type QueueGateway } from './queue-gateway.js';

export interface ServeOptions {
  config: Config;
  logger: Logger;
  /** BullMQ key prefix; default the queue's ("gleaner"). */
  prefix?: string;
  /** Period of the queue-depth log line; 0 turns it off. Default 30 s. */
  queueDepthIntervalMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** Refuses a non-loopback bind without a token: an open ingestion API is an open proxy into the network. */
export function assertSafeBind(config: Pick<Config, 'host' | 'apiToken'>): void {
  if (config.apiToken === undefined && !isLoopbackHost(config.host)) {
    throw new GleanerError(
      'INVALID_INPUT',
      `refusing to listen on ${config.host} without GLEANER_API_TOKEN: set a token, or bind to 127.0.0.1 (GLEANER_HOST)`,
    );
  }
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { config, logger } = options;
  assertSafeBind(config);
  const store: Store = await openStore(config.store, { logger });
  const queue: QueueGateway = createQueueGateway({ redisUrl: config.redisUrl, logger, ...(options.prefix ? { prefix: options.prefix } : {}) });
  const metrics = createMetrics({ aggregate: () => queue.aggregate(), queueDepth: () => queue.queueDepth() });
  let app: FastifyInstance;
  try {
    app = await buildApp({ queue, store, metrics, logger, ...(config.apiToken !== undefined ? { apiToken: config.apiToken } : {}) });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await queue.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }

  // The periodic queue-depth line (waiting, active, delayed, failed) for log-based monitoring.
  const interval = options.queueDepthIntervalMs ?? 30_000;
  let depthFailing = false;
  const timer = interval > 0
    ? setInterval(() => {
        queue.queueDepth().then(
          (depth) => {
            depthFailing = false;
            for (const [name, c] of Object.entries(depth)) {
              logger.info({ queue: name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 }, 'queue depth');
            }
          },
          (err: unknown) => {
            // Once per outage, not every tick.
            if (!depthFailing) logger.warn({ code: (err as GleanerError).code ?? 'QUEUE_UNAVAILABLE', err: (err as Error).message }, 'queue depth unavailable');
            depthFailing = true;
          },
        );
      }, interval)
    : null;
  timer?.unref();

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = isIP(config.host) === 6 ? `[${config.host}]` : config.host;
  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        await app.close();
        await queue.close().catch(() => undefined);
        await store.close().catch(() => undefined);
      })();
      return closing;
    },
  };
}
