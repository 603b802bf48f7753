/**
 * `gleaner work` (and workers/ingest.ts): runs the queue worker until SIGTERM/SIGINT.
 * Settings: §3 env and fetch flags, plus the queue tuning below (flag or env).
 */
import { GleanerError } from '../errors.js';
import { runIngestWorker } from '../queue/run-worker.js';
import { configFrom, type FetchFlags } from './options.js';

export interface WorkFlags extends FetchFlags {
  concurrency?: number;
  queuePrefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  shutdownTimeoutMs?: number;
  extractThreads?: number;
}

/** Queue tuning read from the environment (flags win); numbers only. */
function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new GleanerError('INVALID_INPUT', `${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

export async function runWork(flags: WorkFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = configFrom(flags, env);
  const running = await runIngestWorker({
    config,
    concurrency: config.workerConcurrency,
    prefix: flags.queuePrefix ?? (env.GLEANER_QUEUE_PREFIX || undefined),
    lockDurationMs: flags.lockDurationMs ?? envInt(env, 'GLEANER_LOCK_DURATION_MS'),
    stalledIntervalMs: flags.stalledIntervalMs ?? envInt(env, 'GLEANER_STALLED_INTERVAL_MS'),
    maxStalledCount: flags.maxStalledCount ?? envInt(env, 'GLEANER_MAX_STALLED_COUNT'),
    shutdownTimeoutMs: flags.shutdownTimeoutMs ?? envInt(env, 'GLEANER_SHUTDOWN_TIMEOUT_MS'),
    extractThreads: flags.extractThreads ?? envInt(env, 'GLEANER_EXTRACT_THREADS'),
  });
  return running.done;
}
