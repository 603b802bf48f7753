/** The storage contract other modules code against (pipeline, HTTP API, CLI export). */
import type { ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { ArticleRecord } from '../record.js';

export interface UpsertResult {
  id: string;
  /** True when no record with this id was stored before. */
  created: boolean;
  /** True when an existing record's `contentHash` differed from the new one. */
  contentChanged: boolean;
  /** Earliest stored record this one near-duplicates, or null. */
  duplicateOf: string | null;
}

export interface FailureInfo {
  url: string;
  code: ErrorCode;
  message: string;
  attempts: number;
  failedAt: string;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface NearDuplicateOptions {
  /** Never answer with this id (the record being checked). */
  excludeId?: string;
  /** Largest Hamming distance counted as a near-duplicate; 0–3, default 3. */
  maxDistance?: number;
}

export interface Store {
  /** Inserts or updates by `record.id`; idempotent. Clears the URL's failure row. */
  upsert(record: ArticleRecord): Promise<UpsertResult>;
  /** The stored record, with `duplicateOf` filled in. */
  get(id: string): Promise<ArticleRecord | null>;
  /** Validators of the record stored for this URL (requested or canonical), for conditional re-fetch. */
  getValidators(canonicalOrRequestedUrl: string): Promise<Validators | null>;
  /** One row per URL, replaced in place. */
  recordFailure(failure: FailureInfo): Promise<void>;
  getFailure(url: string): Promise<FailureInfo | null>;
  clearFailure(url: string): Promise<void>;
  /** Id of the earliest stored record within `maxDistance` bits of `fingerprint`, or null. */
  findNearDuplicate(fingerprint: string, options?: NearDuplicateOptions): Promise<string | null>;
  count(): Promise<number>;
  /** Every record, ordered by id, streamed in batches (constant memory). */
  exportRecords(): AsyncIterable<ArticleRecord>;
  /** Resolves when the database answers; rejects with STORE_FAILED within a bounded time otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  logger?: Logger;
  /**
   * PostgreSQL only: schema holding Gleaner's tables (created when missing).
   * Also accepted as `?schema=` in the connection string. Default: the server's search_path.
   */
  schema?: string;
  /** Near-duplicate threshold used by `upsert`; 0–3, default 3. */
  maxDistance?: number;
  /** Upper bound for `ping()` and for opening a connection, default 5000 ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL pool size, default 10. */
  poolSize?: number;
  /** SQLite busy_timeout, default 5000 ms. */
  busyTimeoutMs?: number;
}
