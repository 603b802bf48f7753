/**
 * Embedded default store: one SQLite file (better-sqlite3, WAL). better-sqlite3 is
 * synchronous, so every call below runs to completion before another starts in
 * this process; BEGIN IMMEDIATE plus busy_timeout serialize writers across processes.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../log.js';
import type { ArticleRecord } from '../record.js';
import { canonicalizeUrl, recordIdFor } from '../url.js';
import { bandsOf, checkMaxDistance, isMatchableFingerprint, pickNearDuplicate, recordBands, type Candidate } from './bands.js';
import { checkFailure, failureFromRow, guard, storeFailed, type FailureRow } from './failure.js';
import { checkRecord, planUpsert, upsertResult, urlsOf, writtenDuplicateOf } from './plan.js';
import { MEMORY_PATH } from './spec.js';
import type { FailureInfo, NearDuplicateOptions, Store, UpsertResult, Validators } from './types.js';

/** Each entry moves the schema one version forward; PRAGMA user_version records how far we are. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE articles (
    -- Insertion order: "earliest stored" for near-duplicates. An explicit INTEGER
    -- PRIMARY KEY, because VACUUM may renumber an implicit rowid.
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    url           TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    final_url     TEXT,
    content_hash  TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    -- NULL for records that must never match (empty text): NULL = x is never true.
    band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER,
    fetched_at    TEXT,
    duplicate_of  TEXT,
    doc           TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  );
  CREATE INDEX articles_url ON articles (url);
  CREATE INDEX articles_canonical_url ON articles (canonical_url);
  CREATE INDEX articles_content_hash ON articles (content_hash);
  CREATE INDEX articles_fetched_at ON articles (fetched_at);
  CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
  CREATE INDEX articles_band0 ON articles (band0);
  CREATE INDEX articles_band1 ON articles (band1);
  CREATE INDEX articles_band2 ON articles (band2);
  CREATE INDEX articles_band3 ON articles (band3);

  CREATE TABLE failures (
    url       TEXT PRIMARY KEY,
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    attempts  INTEGER NOT NULL,
    failed_at TEXT NOT NULL
  );
  `,
];

/** Larger than any seq: "no upper bound" for candidate look-ups. */
const NO_SEQ_LIMIT = Number.MAX_SAFE_INTEGER;
const EXPORT_BATCH = 500;

interface ArticleRow {
  seq: number;
  doc: string;
  duplicate_of: string | null;
}

export interface SqliteStoreOptions {
  path: string;
  logger?: Logger | undefined;
  maxDistance?: number | undefined;
  busyTimeoutMs?: number | undefined;
}

function parseDoc(doc: string, duplicateOf: string | null): ArticleRecord {
  return { ...(JSON.parse(doc) as ArticleRecord), duplicateOf };
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly maxDistance: number;
  private readonly logger: Logger | undefined;
  private readonly stmt;
  private readonly runUpsert: Database.Transaction<(record: ArticleRecord) => UpsertResult>;

  private constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.db = db;
    this.logger = options.logger;
    this.maxDistance = checkMaxDistance(options.maxDistance);
    this.stmt = {
      byId: db.prepare('SELECT seq, doc, duplicate_of FROM articles WHERE id = ?'),
      candidates: db.prepare(
        `SELECT id, fingerprint FROM articles
         WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) AND seq < ?
         ORDER BY seq`,
      ),
      insert: db.prepare(
        `INSERT INTO articles (id, url, canonical_url, final_url, content_hash, fingerprint,
           band0, band1, band2, band3, fetched_at, duplicate_of, doc, updated_at)
         VALUES (@id, @url, @canonicalUrl, @finalUrl, @contentHash, @fingerprint,
           @band0, @band1, @band2, @band3, @fetchedAt, @duplicateOf, @doc, @now)`,
      ),
      update: db.prepare(
        `UPDATE articles SET url = @url, canonical_url = @canonicalUrl, final_url = @finalUrl,
           content_hash = @contentHash, fingerprint = @fingerprint,
           band0 = @band0, band1 = @band1, band2 = @band2, band3 = @band3,
           fetched_at = @fetchedAt, duplicate_of = @duplicateOf, doc = @doc, updated_at = @now
         WHERE id = @id`,
      ),
      validators: db.prepare(
        `SELECT doc FROM articles WHERE canonical_url = ? OR url = ? OR id = ?
         ORDER BY CASE WHEN canonical_url = ? THEN 0 WHEN url = ? THEN 1 ELSE 2 END, seq
         LIMIT 1`,
      ),
      count: db.prepare('SELECT count(*) AS n FROM articles'),
      exportBatch: db.prepare('SELECT id, doc, duplicate_of FROM articles WHERE id > ? ORDER BY id LIMIT ?'),
      upsertFailure: db.prepare(
        `INSERT INTO failures (url, code, message, attempts, failed_at)
         VALUES (@url, @code, @message, @attempts, @failedAt)
         ON CONFLICT (url) DO UPDATE SET code = excluded.code, message = excluded.message,
           attempts = excluded.attempts, failed_at = excluded.failed_at`,
      ),
      getFailure: db.prepare('SELECT url, code, message, attempts, failed_at FROM failures WHERE url = ?'),
      deleteFailure: db.prepare('DELETE FROM failures WHERE url = ?'),
      ping: db.prepare('SELECT 1'),
    };
    this.runUpsert = db.transaction(this.upsertTx);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    let db: Database.Database | undefined;
    try {
      const memory = options.path === MEMORY_PATH;
      if (!memory) mkdirSync(dirname(resolve(options.path)), { recursive: true });
      db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
      // WAL: readers (export, API) never block the writer. NORMAL is durable enough under WAL
      // (a power loss may drop the last commits, never corrupt).
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Band look-ups touch ~4 index pages and a few dozen scattered rows; the default 2 MiB page
      // cache misses constantly at a million records. 64 MiB cache plus memory-mapped reads keep it hot.
      db.pragma('cache_size = -65536');
      if (!memory) db.pragma('mmap_size = 268435456');
      migrate(db);
      return new SqliteStore(db, options);
    } catch (err) {
      db?.close();
      throw storeFailed(`open sqlite:${options.path}`, err);
    }
  }

  /** Candidates sharing a band, earliest stored first, verified in code. */
  private nearDuplicate(fingerprint: string, maxDistance: number, beforeSeq: number, excludeId?: string): string | null {
    if (!isMatchableFingerprint(fingerprint)) return null;
    const [b0, b1, b2, b3] = bandsOf(fingerprint);
    const rows = this.stmt.candidates.iterate(b0, b1, b2, b3, beforeSeq) as IterableIterator<Candidate>;
    return pickNearDuplicate(fingerprint, rows, { maxDistance, excludeId });
  }

  private readonly upsertTx = (record: ArticleRecord): UpsertResult => {
    const row = this.stmt.byId.get(record.id) as ArticleRow | undefined;
    const stored = row === undefined ? null : { record: JSON.parse(row.doc) as ArticleRecord, duplicateOf: row.duplicate_of };
    const plan = planUpsert(record, stored, () => new Date().toISOString());
    const now = new Date().toISOString();
    let result: UpsertResult;

    if (plan.kind === 'noop') {
      result = upsertResult(plan, record.id, row?.duplicate_of ?? null);
    } else {
      const r = plan.record;
      const bands = recordBands(r.text, r.fingerprint);
      const duplicateOf = writtenDuplicateOf(plan, bands, row?.duplicate_of ?? null,
        () => this.nearDuplicate(r.fingerprint, this.maxDistance, row?.seq ?? NO_SEQ_LIMIT, r.id));
      const params = {
        id: r.id, url: r.url, canonicalUrl: r.canonicalUrl, finalUrl: r.finalUrl ?? null,
        contentHash: r.contentHash, fingerprint: r.fingerprint,
        band0: bands?.[0] ?? null, band1: bands?.[1] ?? null, band2: bands?.[2] ?? null, band3: bands?.[3] ?? null,
        fetchedAt: r.fetchedAt ?? null, duplicateOf, doc: JSON.stringify(r), now,
      };
      (plan.kind === 'insert' ? this.stmt.insert : this.stmt.update).run(params);
      result = upsertResult(plan, r.id, duplicateOf);
    }
    // A stored success supersedes an earlier failure of the same URL; an error record does not.
    if (record.error === undefined) for (const url of urlsOf(record)) this.stmt.deleteFailure.run(url);
    return result;
  };

  async upsert(record: ArticleRecord): Promise<UpsertResult> {
    return guard('upsert', () => {
      checkRecord(record);
      const result = this.runUpsert.immediate(record);
      this.logger?.debug({ id: result.id, created: result.created, contentChanged: result.contentChanged, duplicateOf: result.duplicateOf }, 'store upsert');
      return result;
    });
  }

  async get(id: string): Promise<ArticleRecord | null> {
    return guard('get', () => {
      const row = this.stmt.byId.get(id) as ArticleRow | undefined;
      return row === undefined ? null : parseDoc(row.doc, row.duplicate_of);
    });
  }

  async getValidators(url: string): Promise<Validators | null> {
    return guard('getValidators', () => {
      const canonical = canonicalizeUrl(url);
      const row = this.stmt.validators.get(canonical, url, recordIdFor(canonical), canonical, url) as { doc: string } | undefined;
      if (row === undefined) return null;
      const doc = JSON.parse(row.doc) as ArticleRecord;
      return { etag: doc.etag ?? null, lastModified: doc.lastModified ?? null };
    });
  }

  async recordFailure(failure: FailureInfo): Promise<void> {
    return guard('recordFailure', () => {
      checkFailure(failure);
      this.stmt.upsertFailure.run({ url: failure.url, code: failure.code, message: failure.message, attempts: failure.attempts, failedAt: failure.failedAt });
    });
  }

  async getFailure(url: string): Promise<FailureInfo | null> {
    return guard('getFailure', () => {
      const row = this.stmt.getFailure.get(url) as FailureRow | undefined;
      return row === undefined ? null : failureFromRow(row);
    });
  }

  async clearFailure(url: string): Promise<void> {
    return guard('clearFailure', () => {
      this.stmt.deleteFailure.run(url);
    });
  }

  async findNearDuplicate(fingerprint: string, options: NearDuplicateOptions = {}): Promise<string | null> {
    return guard('findNearDuplicate', () =>
      this.nearDuplicate(fingerprint, checkMaxDistance(options.maxDistance), NO_SEQ_LIMIT, options.excludeId),
    );
  }

  async count(): Promise<number> {
    return guard('count', () => (this.stmt.count.get() as { n: number }).n);
  }

  /**
   * Keyset batches by id rather than one long iterate(): an open iterator makes this
   * connection busy, so a consumer that writes while exporting would fail.
   */
  async *exportRecords(): AsyncIterable<ArticleRecord> {
    let after = '';
    for (;;) {
      const rows = await guard('export', () => this.stmt.exportBatch.all(after, EXPORT_BATCH) as Array<ArticleRow & { id: string }>);
      for (const row of rows) yield parseDoc(row.doc, row.duplicate_of);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EXPORT_BATCH) return;
      after = last.id;
    }
  }

  async ping(): Promise<void> {
    return guard('ping', () => {
      this.stmt.ping.get();
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * Benchmark support: fills the table with bare fingerprints (no full records) in
   * one transaction. Row i gets id `${idPrefix}${startIndex + i}`; `get()` on them is meaningless.
   */
  bulkInsertFingerprints(fingerprints: readonly string[], options: { idPrefix: string; startIndex?: number }): void {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO articles (id, url, canonical_url, content_hash, fingerprint, band0, band1, band2, band3, doc, updated_at)
       VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, '{}', ?)`,
    );
    this.db.transaction(() => {
      fingerprints.forEach((fp, i) => {
        const id = options.idPrefix + ((options.startIndex ?? 0) + i);
        const [b0, b1, b2, b3] = bandsOf(fp);
        insert.run(id, `bulk:${id}`, `bulk:${id}`, fp, b0, b1, b2, b3, now);
      });
    })();
  }
}

function migrate(db: Database.Database): void {
  // IMMEDIATE: two processes opening a fresh file at once take turns instead of both creating tables.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
