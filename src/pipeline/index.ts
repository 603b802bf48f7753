/**
 * The pipeline: fetch → extract (which cleans) → store, for one URL. `gleaner ingest`
 * (in-process) and the queue worker both call `ingestOne`, so the two modes cannot
 * drift apart. Every failure leaves as a GleanerError with a DESIGN.md §1b code and,
 * when the URL was worth trying, a row in the store's failures table.
 */
import { performance } from 'node:perf_hooks';
import { extractOrError, type ExtractOptions, type ExtractStats } from '../extract/index.js';
import { GleanerError, toGleanerError } from '../errors.js';
import type { Fetcher, FetchResult } from '../fetch/index.js';
import type { Logger } from '../log.js';
import type { ArticleRecord } from '../record.js';
import type { Store } from '../store/index.js';
import { canonicalizeUrl, parseHttpUrl, recordIdFor } from '../url.js';

export { createExtractPool, type ExtractPool, type ExtractPoolOptions } from './extract-pool.js';
export { ingestMany, type IngestManyOptions, type IngestOutcome } from './batch.js';

export interface ExtractOutput {
  record: ArticleRecord;
  stats: ExtractStats;
}

/** Never throws for a bad page: returns a record with `error` instead (like extractOrError). */
export type Extractor = (html: string, url: string, options: ExtractOptions) => ExtractOutput | Promise<ExtractOutput>;

export interface PipelineDeps {
  fetcher: Fetcher;
  store: Store;
  /** Default: in-line `extractOrError` (blocks the event loop for the page's parse). */
  extract?: Extractor;
  logger?: Logger;
}

export interface IngestOptions {
  /** Aborts the fetch; the abort reason is rethrown as is and no failure is recorded. */
  signal?: AbortSignal;
  /** Send the stored record's ETag / Last-Modified. Default true. */
  conditional?: boolean;
  /** Attempt number stored with a failure (queue retries). Default 1. */
  attempt?: number;
}

export interface IngestTimings {
  /** Whole fetch: robots.txt, politeness waits, redirects, body and decoding. */
  fetchMs: number;
  extractMs: number;
  /** Validator look-up plus the upsert. */
  storeMs: number;
  totalMs: number;
}

export interface IngestStats extends IngestTimings {
  status: number;
  /** Body bytes on the wire (0 on 304). */
  bytes: number;
  duplicatesRemoved: number;
  /** A new record (false: updated in place, or not modified). */
  created: boolean;
  contentChanged: boolean;
}

export interface IngestResult {
  url: string;
  recordId: string;
  outcome: 'stored' | 'not-modified';
  duplicateOf: string | null;
  stats: IngestStats;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Ingests one URL. Resolves with the stored record's id, or rejects with a coded
 * GleanerError (INVALID_URL, the fetch codes, PARSE_FAILED, STORE_FAILED, …).
 */
export async function ingestOne(url: string, deps: PipelineDeps, options: IngestOptions = {}): Promise<IngestResult> {
  const started = performance.now();
  if (parseHttpUrl(url) === null) {
    // Not recorded: a string that is no URL has no place in the failures table.
    throw new GleanerError('INVALID_URL', `not an absolute http(s) URL: ${JSON.stringify(url)}`);
  }
  const extract = deps.extract ?? extractOrError;
  const timings: IngestTimings = { fetchMs: 0, extractMs: 0, storeMs: 0, totalMs: 0 };

  const fail = async (err: unknown): Promise<never> => {
    // Our own abort (shutdown, job cancelled) is not the URL's fault: leave no failure row.
    if (options.signal?.aborted && err === options.signal.reason) throw err;
    const error = toGleanerError(err);
    if (error.code !== 'STORE_FAILED' && error.code !== 'INVALID_URL') {
      await deps.store
        .recordFailure({ url, code: error.code, message: error.message, attempts: options.attempt ?? 1, failedAt: new Date().toISOString() })
        .catch((storeErr: unknown) => deps.logger?.warn({ url, err: storeErr }, 'could not record failure'));
    }
    throw error;
  };

  let t = performance.now();
  const validators = options.conditional === false ? null : await deps.store.getValidators(url);
  timings.storeMs += performance.now() - t;

  let fetched: FetchResult;
  t = performance.now();
  try {
    fetched = await deps.fetcher.fetch(url, {
      ...(validators?.etag ? { etag: validators.etag } : {}),
      ...(validators?.lastModified ? { lastModified: validators.lastModified } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    return fail(err);
  } finally {
    timings.fetchMs = performance.now() - t;
  }

  if (fetched.notModified) {
    t = performance.now();
    const stored = await findStored(deps.store, url, fetched.finalUrl);
    if (stored === null) {
      if (options.conditional === false) {
        return fail(new GleanerError('HTTP_CLIENT_ERROR', `${url} answered 304 to a request without validators`, { status: 304 }));
      }
      // 304 for a record we cannot name (its id comes from a rel=canonical on another path):
      // fetch it again unconditionally rather than answer without an id.
      deps.logger?.debug({ url }, '304 without an identifiable stored record; fetching unconditionally');
      return ingestOne(url, deps, { ...options, conditional: false });
    }
    await deps.store.clearFailure(url);
    timings.storeMs += performance.now() - t;
    timings.totalMs = performance.now() - started;
    return {
      url, recordId: stored.id, outcome: 'not-modified', duplicateOf: stored.duplicateOf ?? null,
      stats: { ...roundTimings(timings), status: fetched.status, bytes: 0, duplicatesRemoved: 0, created: false, contentChanged: false },
    };
  }

  t = performance.now();
  let extracted: ExtractOutput;
  try {
    extracted = await extract(fetched.html ?? '', url, { finalUrl: fetched.finalUrl, fetchedAt: fetched.fetchedAt });
  } catch (err) {
    return fail(toGleanerError(err, 'PARSE_FAILED'));
  } finally {
    timings.extractMs = performance.now() - t;
  }
  if (extracted.record.error !== undefined) {
    return fail(new GleanerError(extracted.record.error.code, extracted.record.error.message));
  }

  // The fetch stage's validators travel with the record for the next conditional re-fetch.
  const record: ArticleRecord = { ...extracted.record, etag: fetched.etag, lastModified: fetched.lastModified };
  t = performance.now();
  const upserted = await deps.store.upsert(record);
  timings.storeMs += performance.now() - t;
  timings.totalMs = performance.now() - started;
  return {
    url, recordId: upserted.id, outcome: 'stored', duplicateOf: upserted.duplicateOf,
    stats: {
      ...roundTimings(timings), status: fetched.status, bytes: fetched.bytes,
      duplicatesRemoved: extracted.stats.duplicatesRemoved, created: upserted.created, contentChanged: upserted.contentChanged,
    },
  };
}

function roundTimings(t: IngestTimings): IngestTimings {
  return { fetchMs: round(t.fetchMs), extractMs: round(t.extractMs), storeMs: round(t.storeMs), totalMs: round(t.totalMs) };
}

/** The record a 304 refers to: stored under the requested or the final URL's canonical id. */
async function findStored(store: Store, url: string, finalUrl: string): Promise<ArticleRecord | null> {
  const ids = new Set([recordIdFor(canonicalizeUrl(url)), recordIdFor(canonicalizeUrl(finalUrl))]);
  for (const id of ids) {
    const record = await store.get(id);
    if (record !== null) return record;
  }
  return null;
}
