/**
 * All settings, parsed once from the environment (and CLI flags layered on top),
 * validated with zod, and passed down. Nothing else reads process.env.
 */
import { z } from 'zod';
import { readFileSync } from 'node:fs';

const packageVersion: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
      return pkg.version ?? '0.0.0';
    } catch {
      return '0.0.0';
    }
  }
})();

export const VERSION = packageVersion;
export const PROJECT_URL = 'https://github.com/gleaner-dev/gleaner';
export const DEFAULT_USER_AGENT = `Gleaner/${VERSION} (+${PROJECT_URL})`;

const int = (min: number) => z.coerce.number().int().min(min);
const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

export const ConfigSchema = z.object({
  redisUrl: z.string().url().default('redis://127.0.0.1:6379'),
  store: z.string().min(1).default('sqlite:./data/gleaner.db'),
  apiToken: z.string().min(1).optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: int(0).max(65535).default(8080),
  connectTimeoutMs: int(1).default(10_000),
  headersTimeoutMs: int(1).default(15_000),
  bodyTimeoutMs: int(1).default(15_000),
  deadlineMs: int(1).default(60_000),
  maxBytes: int(1).default(10 * 1024 * 1024),
  maxRedirects: int(0).default(5),
  hostConcurrency: int(1).default(2),
  hostIntervalMs: int(0).default(1000),
  userAgent: z.string().min(1).default(DEFAULT_USER_AGENT),
  allowPrivateNetworks: bool.default(false),
  robotsTtlMs: int(0).default(60 * 60 * 1000),
  workerConcurrency: int(1).default(8),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable → config key (DESIGN.md §3, plus a few additions). */
export const ENV_VARS = {
  REDIS_URL: 'redisUrl',
  GLEANER_STORE: 'store',
  GLEANER_API_TOKEN: 'apiToken',
  GLEANER_HOST: 'host',
  GLEANER_PORT: 'port',
  GLEANER_CONNECT_TIMEOUT_MS: 'connectTimeoutMs',
  GLEANER_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  GLEANER_BODY_TIMEOUT_MS: 'bodyTimeoutMs',
  GLEANER_DEADLINE_MS: 'deadlineMs',
  GLEANER_MAX_BYTES: 'maxBytes',
  GLEANER_MAX_REDIRECTS: 'maxRedirects',
  GLEANER_HOST_CONCURRENCY: 'hostConcurrency',
  GLEANER_HOST_INTERVAL_MS: 'hostIntervalMs',
  GLEANER_USER_AGENT: 'userAgent',
  GLEANER_ALLOW_PRIVATE_NETWORKS: 'allowPrivateNetworks',
  GLEANER_ROBOTS_TTL_MS: 'robotsTtlMs',
  GLEANER_WORKER_CONCURRENCY: 'workerConcurrency',
  LOG_LEVEL: 'logLevel',
} as const satisfies Record<string, keyof Config>;

export class ConfigError extends Error {
  readonly code = 'INVALID_INPUT';
}

/**
 * Builds the config from an environment and explicit overrides (CLI flags win).
 * Empty env values count as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = {}, overrides: Partial<ConfigInput> = {}): Config {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_VARS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const definedOverrides = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromEnv, ...definedOverrides });
  if (!parsed.success) {
    const envName = (key: PropertyKey) =>
      Object.entries(ENV_VARS).find(([, k]) => k === key)?.[0] ?? String(key);
    const details = parsed.error.issues
      .map((issue) => `${envName(issue.path[0] ?? '')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`invalid configuration: ${details}`);
  }
  return parsed.data;
}
