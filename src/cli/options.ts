/**
 * Flags shared by several commands: the fetch settings of DESIGN.md §3 (on `ingest`
 * and `work`), `--store`, `--redis-url`, and URL lists. Values are layered over the
 * environment by `loadConfig(process.env, overrides)`: flags win.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, type Config, type ConfigInput } from '../config.js';
import { GleanerError } from '../errors.js';
import { readUrlList } from './io.js';

export function parseIntFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = parseIntFlag(value);
  if (n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export interface FetchFlags {
  deadlineMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  hostConcurrency?: number;
  hostIntervalMs?: number;
  userAgent?: string;
  allowPrivateNetworks?: boolean;
  store?: string;
  redisUrl?: string;
  logLevel?: string;
}

export function addFetchFlags(cmd: Command): Command {
  return cmd
    .option('--deadline-ms <ms>', 'whole fetch of one URL, redirects included (GLEANER_DEADLINE_MS)', parsePositiveInt)
    .option('--headers-timeout-ms <ms>', 'wait for response headers (GLEANER_HEADERS_TIMEOUT_MS)', parsePositiveInt)
    .option('--body-timeout-ms <ms>', 'longest silence while the body streams (GLEANER_BODY_TIMEOUT_MS)', parsePositiveInt)
    .option('--connect-timeout-ms <ms>', 'TCP/TLS connect timeout (GLEANER_CONNECT_TIMEOUT_MS)', parsePositiveInt)
    .option('--max-bytes <n>', 'body cap, compressed and decompressed (GLEANER_MAX_BYTES)', parsePositiveInt)
    .option('--host-concurrency <n>', 'requests in flight per host (GLEANER_HOST_CONCURRENCY)', parsePositiveInt)
    .option('--host-interval-ms <ms>', 'gap between request starts per host (GLEANER_HOST_INTERVAL_MS)', parseIntFlag)
    .option('--user-agent <ua>', 'User-Agent header (GLEANER_USER_AGENT)')
    .option('--allow-private-networks', 'allow loopback/private addresses (GLEANER_ALLOW_PRIVATE_NETWORKS); tests and benchmarks only');
}

export function addStoreFlag(cmd: Command): Command {
  return cmd.option('--store <spec>', 'sqlite:PATH or postgres://… (GLEANER_STORE, default sqlite:./data/gleaner.db)');
}

export function addRedisFlag(cmd: Command): Command {
  return cmd.option('--redis-url <url>', 'Redis for the queue (REDIS_URL, default redis://127.0.0.1:6379)');
}

export function addLogLevelFlag(cmd: Command): Command {
  return cmd.option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (LOG_LEVEL)');
}

/** The config for a command: environment, then flags. The one place process.env is read for settings. */
export function configFrom(flags: FetchFlags & { concurrency?: number }, env: NodeJS.ProcessEnv = process.env): Config {
  const overrides: Partial<ConfigInput> = {
    deadlineMs: flags.deadlineMs,
    headersTimeoutMs: flags.headersTimeoutMs,
    bodyTimeoutMs: flags.bodyTimeoutMs,
    connectTimeoutMs: flags.connectTimeoutMs,
    maxBytes: flags.maxBytes,
    hostConcurrency: flags.hostConcurrency,
    hostIntervalMs: flags.hostIntervalMs,
    userAgent: flags.userAgent,
    allowPrivateNetworks: flags.allowPrivateNetworks === true ? true : undefined,
    store: flags.store,
    redisUrl: flags.redisUrl,
    workerConcurrency: flags.concurrency,
    logLevel: flags.logLevel as ConfigInput['logLevel'],
  };
  try {
    return loadConfig(env, overrides);
  } catch (err) {
    throw new GleanerError('INVALID_INPUT', (err as Error).message);
  }
}

/** URLs from arguments and/or `--urls-file` (one per line, `#` comments; `-` for stdin). */
export async function collectUrls(args: readonly string[], urlsFile: string | undefined): Promise<string[]> {
  const urls = [...args];
  if (urlsFile !== undefined) {
    try {
      urls.push(...(await readUrlList(urlsFile)));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE';
      throw new GleanerError(code, `cannot read --urls-file ${urlsFile}: ${(err as Error).message}`);
    }
  }
  if (urls.length === 0) throw new GleanerError('INVALID_INPUT', 'no URLs: give URL arguments or --urls-file FILE');
  return urls;
}
