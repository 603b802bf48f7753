/**
 * The article store (DESIGN.md §1 "Across records", §3 GLEANER_STORE): one record per id,
 * near-duplicate marking, per-URL failures. Backends: SQLite (embedded default) and PostgreSQL.
 */
import { PostgresStore } from './postgres.js';
import { parseStoreSpec } from './spec.js';
import { SqliteStore } from './sqlite.js';
import type { OpenStoreOptions, Store } from './types.js';

export type { FailureInfo, NearDuplicateOptions, OpenStoreOptions, Store, UpsertResult, Validators } from './types.js';

export const DEFAULT_STORE_SPEC = 'sqlite:./data/gleaner.db';

/**
 * Opens `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`
 * (optionally `?schema=NAME`); anything else is GleanerError INVALID_INPUT.
 * SQLite creates its directory and schema here (STORE_FAILED if it cannot);
 * PostgreSQL connects and migrates on first use, so a database that is down at
 * start-up shows as STORE_FAILED from `ping()` and the operations, not as a crash.
 */
export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<Store> {
  const parsed = parseStoreSpec(spec, { schema: options.schema });
  if (parsed.kind === 'sqlite') {
    return SqliteStore.open({
      path: parsed.path,
      logger: options.logger,
      maxDistance: options.maxDistance,
      busyTimeoutMs: options.busyTimeoutMs,
    });
  }
  return new PostgresStore({
    connectionString: parsed.connectionString,
    schema: parsed.schema,
    logger: options.logger,
    maxDistance: options.maxDistance,
    connectTimeoutMs: options.connectTimeoutMs,
    poolSize: options.poolSize,
  });
}
