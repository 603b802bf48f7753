/** Job ids and payloads of the ingest queue: the shapes stored in Redis. */
import { createHash } from 'node:crypto';
import { isErrorCode, type ErrorInfo } from '../errors.js';
import type { IngestStats } from '../pipeline/index.js';
import { canonicalizeUrl } from '../url.js';

export interface IngestJobData {
  /** The URL as given to enqueue. */
  url: string;
  /** Random per enqueue call: tells our add from an existing job with the same id. */
  token: string;
  enqueuedAt: string;
  /** Set by the worker when an attempt fails: the last coded error. */
  error?: ErrorInfo;
}

export interface IngestJobResult {
  recordId: string;
  outcome: 'stored' | 'not-modified';
  duplicateOf: string | null;
  stats: IngestStats;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'unknown';

export interface JobStatus {
  jobId: string;
  url: string;
  state: JobState;
  attempts: number;
  recordId?: string;
  error?: ErrorInfo;
}

/**
 * Job id for a URL: `u-` + the first 128 bits of SHA-256 of its canonical form, so
 * `http://Example.com/a#x` and `http://example.com/a?utm_source=y` are one job.
 * (BullMQ 6 refuses custom ids containing ':' and plain integers: a letter prefix and hex are safe.)
 */
export function jobIdFor(url: string): string {
  return 'u-' + createHash('sha256').update(canonicalizeUrl(url)).digest('hex').slice(0, 32);
}

/** `--force` re-ingest of a URL whose job is still running: a sibling id that cannot collide. */
export function forcedJobIdFor(url: string, nonce: string): string {
  return `${jobIdFor(url)}-f${nonce}`;
}

/** Failed jobs carry `CODE: message` as failedReason; reads it back. */
export function parseFailedReason(reason: string | undefined | null): ErrorInfo | undefined {
  if (!reason) return undefined;
  const m = /^([A-Z][A-Z_]+): ([\s\S]*)$/.exec(reason);
  // BullMQ's own reasons ("job stalled more than allowable limit") carry no code of ours.
  if (m === null || !isErrorCode(m[1])) return { code: 'INTERNAL', message: reason };
  return { code: m[1], message: m[2]! };
}
