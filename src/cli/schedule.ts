/**
 * `gleaner schedule --sources F`: registers the sources of F as BullMQ job schedulers
 * (upsert; sources no longer in F are removed) and prints what changed as JSON.
 * With --run-worker it then runs the discover worker in the same process until
 * SIGTERM/SIGINT (the docker-compose `scheduler` service). `gleaner discover` runs the
 * discover worker alone (to scale it separately).
 */
import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { GleanerError } from '../errors.js';
import { createLogger } from '../log.js';
import { connectProducerRedis, DEFAULT_QUEUE_PREFIX } from '../queue/index.js';
import { loadSourcesFile } from '../sources/schema.js';
import { DISCOVER_QUEUE, syncSchedulers } from '../sources/scheduler.js';
import { createSeenMemory } from '../sources/seen.js';
import { addFetchFlags, addLogLevelFlag, addRedisFlag, configFrom, parsePositiveInt, type FetchFlags } from './options.js';

export interface ScheduleFlags extends FetchFlags {
  sources: string;
  queuePrefix?: string;
  runWorker?: boolean;
  dryRun?: boolean;
  concurrency?: number;
}

export interface DiscoverFlags extends FetchFlags {
  queuePrefix?: string;
  concurrency?: number;
}

const prefixOf = (flags: { queuePrefix?: string }, env: NodeJS.ProcessEnv): string =>
  flags.queuePrefix ?? (env.GLEANER_QUEUE_PREFIX || DEFAULT_QUEUE_PREFIX);

async function runDiscover(flags: DiscoverFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const config = configFrom({ ...flags, concurrency: undefined }, env);
  const { runDiscoverWorker } = await import('../../workers/discover.js');
  const running = await runDiscoverWorker({
    config, prefix: prefixOf(flags, env), ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
  });
  return running.done;
}

export async function runSchedule(flags: ScheduleFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const sources = await loadSourcesFile(flags.sources); // invalid files fail here, before any connection
  const config = configFrom({ ...flags, concurrency: undefined }, env);
  if (flags.dryRun === true) {
    process.stdout.write(`${JSON.stringify({ sources })}\n`);
    return 0;
  }
  const logger = createLogger({ level: config.logLevel, name: 'gleaner-schedule' });
  const prefix = prefixOf(flags, env);
  const redis = await connectProducerRedis(config.redisUrl);
  const queue = new Queue(DISCOVER_QUEUE, { connection: redis, prefix });
  queue.on('error', () => undefined);
  try {
    const result = await syncSchedulers(queue, sources, { logger, seen: createSeenMemory(redis, { prefix }) });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    if (err instanceof GleanerError) throw err;
    throw new GleanerError('QUEUE_UNAVAILABLE', `could not register schedulers: ${(err as Error).message}`, { cause: err });
  } finally {
    await queue.close().catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
  logger.flush();
  if (flags.runWorker !== true) return 0;
  return runDiscover(flags, env);
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('register the sources of a sources.yaml (feeds, sitemaps, URL lists) as BullMQ job schedulers; needs Redis')
    .requiredOption('--sources <file>', 'the sources file (see sources.example.yaml)')
    .option('--queue-prefix <prefix>', 'BullMQ key prefix (GLEANER_QUEUE_PREFIX, default gleaner)')
    .option('--run-worker', 'after registering, run the discover worker until SIGTERM/SIGINT')
    .option('--concurrency <n>', 'with --run-worker: sources fetched at once (default 4)', parsePositiveInt)
    .option('--dry-run', 'validate the file and print the sources; touch nothing');
  addLogLevelFlag(addFetchFlags(addRedisFlag(schedule))).action(async (opts: ScheduleFlags) => {
    const code = await runSchedule(opts);
    process.exitCode = code;
    if (opts.runWorker === true) setTimeout(() => process.exit(code), 500).unref();
  });

  const discover = program
    .command('discover')
    .description('run the discover worker (scheduled sources → ingest queue) until SIGTERM/SIGINT; needs Redis')
    .option('--queue-prefix <prefix>', 'BullMQ key prefix (GLEANER_QUEUE_PREFIX, default gleaner)')
    .option('--concurrency <n>', 'sources fetched at once (default 4)', parsePositiveInt);
  addLogLevelFlag(addFetchFlags(addRedisFlag(discover))).action(async (opts: DiscoverFlags) => {
    const code = await runDiscover(opts, process.env);
    process.exitCode = code;
    setTimeout(() => process.exit(code), 500).unref();
  });
}
