/**
 * PostgreSQL store (`pg` Pool). The schema is created or migrated lazily, on the first
 * operation that needs it, under an advisory lock, so several workers may start at
 * once — and a worker started while the database is down comes up, reports
 * STORE_FAILED (retryable) and recovers instead of crashing.
 */
import pg from 'pg';
import type { Logger } from '../log.js';
import type { ArticleRecord } from '../record.js';
import { canonicalizeUrl, recordIdFor } from '../url.js';
import { bandsOf, checkMaxDistance, isMatchableFingerprint, pickNearDuplicate, recordBands, type Candidate } from './bands.js';
import { checkFailure, failureFromRow, guard, storeFailed, type FailureRow } from './failure.js';
import { checkRecord, planUpsert, upsertResult, urlsOf, writtenDuplicateOf, type StoredState } from './plan.js';
import type { FailureInfo, NearDuplicateOptions, Store, UpsertResult, Validators } from './types.js';

const NO_SEQ_LIMIT = Number.MAX_SAFE_INTEGER;
const EXPORT_BATCH = 500;
/** First key of the two-key advisory locks this module takes (the second is per schema). */
const MIGRATION_LOCK_CLASS = 0x676c6e72; // "glnr"

/** Each entry moves the schema one version forward; `schema_migrations` records how far we are. */
function migrations(t: (name: string) => string): string[] {
  return [
    `
    CREATE TABLE ${t('articles')} (
      -- COLLATE "C": byte order, so export order matches the SQLite backend.
      id            text COLLATE "C" PRIMARY KEY,
      -- Insertion order: "earliest stored" for near-duplicates.
      seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      url           text NOT NULL,
      canonical_url text NOT NULL,
      final_url     text,
      content_hash  text NOT NULL,
      fingerprint   text NOT NULL,
      -- NULL for records that must never match (empty text).
      band0 integer, band1 integer, band2 integer, band3 integer,
      fetched_at    text,
      duplicate_of  text,
      -- json, not jsonb: keeps the record byte-for-byte and accepts \\u0000 escapes.
      doc           json NOT NULL,
      updated_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX articles_url ON ${t('articles')} (url);
    CREATE INDEX articles_canonical_url ON ${t('articles')} (canonical_url);
    CREATE INDEX articles_content_hash ON ${t('articles')} (content_hash);
    CREATE INDEX articles_fetched_at ON ${t('articles')} (fetched_at);
    CREATE INDEX articles_duplicate_of ON ${t('articles')} (duplicate_of);
    CREATE INDEX articles_band0 ON ${t('articles')} (band0);
    CREATE INDEX articles_band1 ON ${t('articles')} (band1);
    CREATE INDEX articles_band2 ON ${t('articles')} (band2);
    CREATE INDEX articles_band3 ON ${t('articles')} (band3);

    CREATE TABLE ${t('failures')} (
      url       text PRIMARY KEY,
      code      text NOT NULL,
      message   text NOT NULL,
      attempts  integer NOT NULL,
      failed_at text NOT NULL
    );
    `,
  ];
}

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema for Gleaner's tables; default: the connection's search_path. */
  schema?: string | undefined;
  logger?: Logger | undefined;
  maxDistance?: number | undefined;
  connectTimeoutMs?: number | undefined;
  poolSize?: number | undefined;
}

interface ArticleRow {
  id: string;
  seq: string;
  doc: string;
  duplicate_of: string | null;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

function parseDoc(doc: string, duplicateOf: string | null): ArticleRecord {
  return { ...(JSON.parse(doc) as ArticleRecord), duplicateOf };
}

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly schema: string | undefined;
  private readonly maxDistance: number;
  private readonly logger: Logger | undefined;
  private readonly connectTimeoutMs: number;
  private readonly sql;
  private schemaReady: Promise<void> | null = null;
  private closed = false;

  constructor(options: PostgresStoreOptions) {
    this.schema = options.schema;
    this.logger = options.logger;
    this.maxDistance = checkMaxDistance(options.maxDistance);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: this.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'gleaner',
    });
    // An idle client losing its connection emits here; unhandled, it would crash the process.
    this.pool.on('error', (err) => this.logger?.warn({ err }, 'postgres idle client error'));

    const t = this.table;
    const articles = t('articles');
    const failures = t('failures');
    this.sql = {
      byIdForUpdate: `SELECT id, seq, doc::text AS doc, duplicate_of FROM ${articles} WHERE id = $1 FOR UPDATE`,
      byId: `SELECT id, seq, doc::text AS doc, duplicate_of FROM ${articles} WHERE id = $1`,
      candidates: `SELECT id, fingerprint FROM ${articles}
        WHERE (band0 = $1 OR band1 = $2 OR band2 = $3 OR band3 = $4) AND seq < $5
        ORDER BY seq`,
      insert: `INSERT INTO ${articles} (id, url, canonical_url, final_url, content_hash, fingerprint,
          band0, band1, band2, band3, fetched_at, duplicate_of, doc)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::json)
        ON CONFLICT (id) DO NOTHING`,
      update: `UPDATE ${articles} SET url = $2, canonical_url = $3, final_url = $4, content_hash = $5,
          fingerprint = $6, band0 = $7, band1 = $8, band2 = $9, band3 = $10, fetched_at = $11,
          duplicate_of = $12, doc = $13::json, updated_at = now()
        WHERE id = $1`,
      validators: `SELECT doc::text AS doc FROM ${articles} WHERE canonical_url = $1 OR url = $2 OR id = $3
        ORDER BY CASE WHEN canonical_url = $1 THEN 0 WHEN url = $2 THEN 1 ELSE 2 END, seq
        LIMIT 1`,
      count: `SELECT count(*) AS n FROM ${articles}`,
      exportBatch: `SELECT id, doc::text AS doc, duplicate_of FROM ${articles} WHERE id > $1 ORDER BY id LIMIT $2`,
      upsertFailure: `INSERT INTO ${failures} (url, code, message, attempts, failed_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (url) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message,
          attempts = EXCLUDED.attempts, failed_at = EXCLUDED.failed_at`,
      getFailure: `SELECT url, code, message, attempts, failed_at FROM ${failures} WHERE url = $1`,
      deleteFailures: `DELETE FROM ${failures} WHERE url = ANY($1::text[])`,
    };
  }

  /** Schema-qualified table name, or the bare name when following the connection's search_path. */
  private readonly table = (name: string): string =>
    this.schema === undefined ? quoteIdent(name) : `${quoteIdent(this.schema)}.${quoteIdent(name)}`;

  /** Creates/migrates the schema once; a failed attempt is forgotten so the next call retries. */
  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    this.schemaReady ??= this.migrate().catch((err: unknown) => {
      this.schemaReady = null;
      throw err;
    });
    return this.schemaReady;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      // Transaction-scoped lock: released by COMMIT/ROLLBACK even if this process dies.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, this.schema ?? '(search_path)']);
      if (this.schema !== undefined) {
        // Look first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database, which a
        // least-privilege role given an existing schema may not have.
        const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
        if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(this.schema)}`);
      }
      const versions = this.table('schema_migrations');
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${versions} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${versions}`);
      const current = rows[0]?.v ?? 0;
      const steps = migrations(this.table);
      for (let v = current; v < steps.length; v++) {
        await client.query(steps[v]!);
        await client.query(`INSERT INTO ${versions} (version) VALUES ($1)`, [v + 1]);
        this.logger?.info({ schema: this.schema, version: v + 1 }, 'store schema migrated');
      }
    });
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // connection is gone; do not hand it back to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** Runs one statement after the schema is in place. */
  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.ready();
    return (await this.pool.query<R>(text, values)).rows;
  }

  private async nearDuplicate(
    db: Queryable,
    fingerprint: string,
    maxDistance: number,
    beforeSeq: number | string,
    excludeId?: string,
  ): Promise<string | null> {
    if (!isMatchableFingerprint(fingerprint)) return null;
    const [b0, b1, b2, b3] = bandsOf(fingerprint);
    // Named, so each connection plans the hot query once instead of per look-up (planning costs ~1 ms here).
    const { rows } = await db.query<Candidate>({ name: 'gleaner_store_candidates', text: this.sql.candidates, values: [b0, b1, b2, b3, beforeSeq] });
    return pickNearDuplicate(fingerprint, rows, { maxDistance, excludeId });
  }

  async upsert(record: ArticleRecord): Promise<UpsertResult> {
    return guard('upsert', async () => {
      checkRecord(record);
      await this.ready();
      const result = await this.transaction((client) => this.upsertIn(client, record));
      this.logger?.debug({ id: result.id, created: result.created, contentChanged: result.contentChanged, duplicateOf: result.duplicateOf }, 'store upsert');
      return result;
    });
  }

  private async upsertIn(client: pg.PoolClient, record: ArticleRecord): Promise<UpsertResult> {
    // Two attempts: if another worker inserts the same id between our SELECT and INSERT,
    // ON CONFLICT DO NOTHING tells us, and the second pass takes the update path under its row lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      const { rows } = await client.query<ArticleRow>(this.sql.byIdForUpdate, [record.id]);
      const row = rows[0];
      const stored: StoredState | null = row === undefined ? null : { record: JSON.parse(row.doc) as ArticleRecord, duplicateOf: row.duplicate_of };
      const plan = planUpsert(record, stored, () => new Date().toISOString());

      let result: UpsertResult;
      if (plan.kind === 'noop') {
        result = upsertResult(plan, record.id, row?.duplicate_of ?? null);
      } else {
        const r = plan.record;
        const bands = recordBands(r.text, r.fingerprint);
        const duplicateOf = await writtenDuplicateOf(plan, bands, row?.duplicate_of ?? null,
          () => this.nearDuplicate(client, r.fingerprint, this.maxDistance, row?.seq ?? NO_SEQ_LIMIT, r.id));
        const params = [
          r.id, r.url, r.canonicalUrl, r.finalUrl ?? null, r.contentHash, r.fingerprint,
          bands?.[0] ?? null, bands?.[1] ?? null, bands?.[2] ?? null, bands?.[3] ?? null,
          r.fetchedAt ?? null, duplicateOf, JSON.stringify(r),
        ];
        const written = await client.query(plan.kind === 'insert' ? this.sql.insert : this.sql.update, params);
        if (plan.kind === 'insert' && written.rowCount === 0) continue; // lost the race: go again as an update
        result = upsertResult(plan, r.id, duplicateOf);
      }
      if (record.error === undefined) await client.query(this.sql.deleteFailures, [urlsOf(record)]);
      return result;
    }
    throw new Error(`upsert of ${record.id} kept conflicting with concurrent writers`);
  }

  async get(id: string): Promise<ArticleRecord | null> {
    return guard('get', async () => {
      const [row] = await this.query<ArticleRow>(this.sql.byId, [id]);
      return row === undefined ? null : parseDoc(row.doc, row.duplicate_of);
    });
  }

  async getValidators(url: string): Promise<Validators | null> {
    return guard('getValidators', async () => {
      const canonical = canonicalizeUrl(url);
      const [row] = await this.query<{ doc: string }>(this.sql.validators, [canonical, url, recordIdFor(canonical)]);
      if (row === undefined) return null;
      const doc = JSON.parse(row.doc) as ArticleRecord;
      return { etag: doc.etag ?? null, lastModified: doc.lastModified ?? null };
    });
  }

  async recordFailure(failure: FailureInfo): Promise<void> {
    return guard('recordFailure', async () => {
      checkFailure(failure);
      await this.query(this.sql.upsertFailure, [failure.url, failure.code, failure.message, failure.attempts, failure.failedAt]);
    });
  }

  async getFailure(url: string): Promise<FailureInfo | null> {
    return guard('getFailure', async () => {
      const [row] = await this.query<FailureRow>(this.sql.getFailure, [url]);
      return row === undefined ? null : failureFromRow(row);
    });
  }

  async clearFailure(url: string): Promise<void> {
    return guard('clearFailure', async () => {
      await this.query(this.sql.deleteFailures, [[url]]);
    });
  }

  async findNearDuplicate(fingerprint: string, options: NearDuplicateOptions = {}): Promise<string | null> {
    return guard('findNearDuplicate', async () => {
      const maxDistance = checkMaxDistance(options.maxDistance);
      await this.ready();
      return this.nearDuplicate(this.pool, fingerprint, maxDistance, NO_SEQ_LIMIT, options.excludeId);
    });
  }

  async count(): Promise<number> {
    return guard('count', async () => {
      const [row] = await this.query<{ n: string }>(this.sql.count);
      return Number(row?.n ?? 0);
    });
  }

  /** Keyset batches by id: constant memory, no long-lived transaction or cursor holding a pooled client. */
  async *exportRecords(): AsyncIterable<ArticleRecord> {
    let after = '';
    for (;;) {
      const rows = await guard('export', () => this.query<ArticleRow>(this.sql.exportBatch, [after, EXPORT_BATCH]));
      for (const row of rows) yield parseDoc(row.doc, row.duplicate_of);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EXPORT_BATCH) return;
      after = last.id;
    }
  }

  /** Reachability only (no migration), bounded even when the pool is saturated. */
  async ping(): Promise<void> {
    return guard('ping', async () => {
      if (this.closed) throw new Error('store is closed');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      });
      const probe = this.pool.query('SELECT 1');
      probe.catch(() => {}); // if the timeout wins, a late rejection must not go unhandled
      try {
        await Promise.race([probe, timeout]);
      } finally {
        clearTimeout(timer);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.schemaReady?.catch(() => {});
      await this.pool.end();
    } catch (err) {
      throw storeFailed('close', err);
    }
  }

  /** Benchmark support: bare fingerprint rows (no full records), row i gets id `${idPrefix}${startIndex + i}`, one statement per batch. */
  async bulkInsertFingerprints(
    fingerprints: readonly string[],
    options: { idPrefix: string; startIndex?: number; batchSize?: number },
  ): Promise<void> {
    await this.ready();
    const batch = options.batchSize ?? 20_000;
    const articles = this.table('articles');
    for (let start = 0; start < fingerprints.length; start += batch) {
      const slice = fingerprints.slice(start, start + batch);
      const ids = slice.map((_, i) => options.idPrefix + ((options.startIndex ?? 0) + start + i));
      const bands = slice.map(bandsOf);
      await this.pool.query(
        `INSERT INTO ${articles} (id, url, canonical_url, content_hash, fingerprint, band0, band1, band2, band3, doc)
         SELECT id, 'bulk:' || id, 'bulk:' || id, '', fp, b0, b1, b2, b3, '{}'::json
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[]) AS u(id, fp, b0, b1, b2, b3)`,
        [ids, slice, bands.map((b) => b[0]), bands.map((b) => b[1]), bands.map((b) => b[2]), bands.map((b) => b[3])],
      );
    }
  }
}
