/**
 * What an upsert does, decided once for both backends so SQLite and PostgreSQL
 * agree exactly. Pure: the backends fetch the stored row, ask, then write.
 */
import { GleanerError } from '../errors.js';
import type { ArticleRecord } from '../record.js';
import type { Bands } from './bands.js';
import type { UpsertResult } from './types.js';

export interface StoredState {
  record: ArticleRecord;
  duplicateOf: string | null;
}

export type UpsertPlan =
  /** No stored record: insert, then look for an earlier near-duplicate. */
  | { kind: 'insert'; record: ArticleRecord }
  /** Text changed: rewrite and look for a near-duplicate stored before this record. */
  | { kind: 'contentChanged'; record: ArticleRecord }
  /** Same text: refresh metadata (title, fetch time, validators…), keep modifiedAt and duplicateOf. */
  | { kind: 'metadata'; record: ArticleRecord }
  /** Nothing to write. */
  | { kind: 'noop' };

/** Rejects records the indexed columns cannot hold; deeper validation belongs to the pipeline. */
export function checkRecord(record: ArticleRecord): void {
  const bad = (field: string): never => {
    throw new GleanerError('INVALID_INPUT', `cannot store record: ${field} must be a non-empty string`);
  };
  if (typeof record !== 'object' || record === null) throw new GleanerError('INVALID_INPUT', 'cannot store record: not an object');
  if (typeof record.id !== 'string' || record.id === '') bad('id');
  if (typeof record.url !== 'string' || record.url === '') bad('url');
  if (typeof record.canonicalUrl !== 'string') bad('canonicalUrl');
  if (typeof record.contentHash !== 'string') bad('contentHash');
  if (typeof record.fingerprint !== 'string') bad('fingerprint');
  if (typeof record.text !== 'string') bad('text');
}

/** The record as stored: `duplicateOf` lives in its own column and is filled in on read. */
function withoutDuplicateOf(record: ArticleRecord): ArticleRecord {
  const { duplicateOf: _ignored, ...rest } = record;
  return rest;
}

export function planUpsert(incoming: ArticleRecord, stored: StoredState | null, now: () => string): UpsertPlan {
  const record = withoutDuplicateOf(incoming);
  if (stored === null) return { kind: 'insert', record };

  // A failed re-fetch (e.g. a transient 503) must not wipe a good stored article;
  // the failure belongs in the failures table, via recordFailure.
  if (record.error !== undefined && stored.record.error === undefined) return { kind: 'noop' };

  if (record.contentHash !== stored.record.contentHash) {
    return { kind: 'contentChanged', record: { ...record, modifiedAt: record.modifiedAt ?? now() } };
  }

  const refreshed: ArticleRecord = { ...record, modifiedAt: stored.record.modifiedAt };
  if (JSON.stringify(refreshed) === JSON.stringify(withoutDuplicateOf(stored.record))) return { kind: 'noop' };
  return { kind: 'metadata', record: refreshed };
}

/**
 * The `duplicateOf` a write stores: a metadata refresh keeps the stored one, a record
 * that cannot be banded (empty text) has none, and a new or changed text asks `lookUp`
 * for a near-duplicate stored before it (never the reverse, so re-ingesting the original
 * never points it at its copy). `lookUp` is synchronous for SQLite, a promise for PostgreSQL.
 */
export function writtenDuplicateOf<Found extends string | null | Promise<string | null>>(
  plan: Exclude<UpsertPlan, { kind: 'noop' }>,
  bands: Bands | null,
  storedDuplicateOf: string | null,
  lookUp: () => Found,
): Found | string | null {
  if (plan.kind === 'metadata') return storedDuplicateOf;
  if (bands === null) return null;
  return lookUp();
}

/** What an upsert reports, for every kind of plan. */
export function upsertResult(plan: UpsertPlan, id: string, duplicateOf: string | null): UpsertResult {
  return { id, created: plan.kind === 'insert', contentChanged: plan.kind === 'contentChanged', duplicateOf };
}

/** URLs whose failure rows an upsert clears: every name the record answers to. */
export function urlsOf(record: ArticleRecord): string[] {
  const urls = new Set([record.url, record.canonicalUrl]);
  if (record.finalUrl) urls.add(record.finalUrl);
  return [...urls].filter((u) => u !== '');
}
