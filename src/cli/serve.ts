/**
 * `gleaner serve`: the HTTP API (DESIGN.md §3) until SIGTERM/SIGINT.
 * Refuses a non-loopback bind without GLEANER_API_TOKEN (exit 2 with a clear message).
 */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigInput } from '../config.js';
import { GleanerError } from '../errors.js';
import { createLogger } from '../log.js';

export interface ServeFlags {
  host?: string;
  port?: number;
  store?: string;
  redisUrl?: string;
  logLevel?: string;
  queuePrefix?: string;
  queueDepthIntervalMs?: number;
}

function configFor(flags: ServeFlags, env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env, {
      host: flags.host, port: flags.port, store: flags.store, redisUrl: flags.redisUrl,
      logLevel: flags.logLevel as ConfigInput['logLevel'],
    });
  } catch (err) {
    throw new GleanerError('INVALID_INPUT', (err as Error).message);
  }
}

export async function runServe(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = configFor(flags, env);
  const { assertSafeBind, serve } = await import('../http/serve.js');
  assertSafeBind(config); // before any connection is opened
  const logger = createLogger({ level: config.logLevel, name: 'gleaner-api' });
  const server = await serve({
    config,
    logger,
    ...(flags.queuePrefix ?? env.GLEANER_QUEUE_PREFIX ? { prefix: flags.queuePrefix ?? env.GLEANER_QUEUE_PREFIX } : {}),
    ...(flags.queueDepthIntervalMs !== undefined ? { queueDepthIntervalMs: flags.queueDepthIntervalMs } : {}),
  });
  logger.info({ url: server.url, auth: config.apiToken !== undefined }, 'api listening');
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      logger.info({ signal }, 'api stopping');
      server.close().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err: (err as Error).message }, 'api did not close cleanly');
          resolve(1);
        },
      ).finally(() => logger.flush());
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

function intFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new GleanerError('INVALID_INPUT', `expected a non-negative integer, got ${value}`);
  return n;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (POST /v1/urls, GET /v1/jobs/:id, /v1/records/:id, /healthz, /readyz, /metrics); needs Redis')
    .option('--host <host>', 'bind address (GLEANER_HOST, default 127.0.0.1; beyond loopback needs GLEANER_API_TOKEN)')
    .option('--port <port>', 'port (GLEANER_PORT, default 8080)', intFlag)
    .option('--store <spec>', 'sqlite:PATH or postgres://… (GLEANER_STORE)')
    .option('--redis-url <url>', 'Redis (REDIS_URL, default redis://127.0.0.1:6379)')
    .option('--queue-prefix <prefix>', 'BullMQ key prefix (GLEANER_QUEUE_PREFIX, default gleaner)')
    .option('--queue-depth-interval-ms <ms>', 'period of the queue-depth log line, 0 = off (default 30000)', intFlag)
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (LOG_LEVEL)')
    .action(async (opts: ServeFlags) => {
      const code = await runServe(opts);
      process.exitCode = code;
      setTimeout(() => process.exit(code), 500).unref();
    });
}
