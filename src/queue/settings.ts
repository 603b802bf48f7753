/**
 * Queue names, retention and retry settings in one place, so producers (CLI, HTTP
 * API, scheduler) and workers agree.
 */

/** The BullMQ queue holding one job per URL to ingest. */
export const INGEST_QUEUE = 'ingest';

/** BullMQ key prefix (BullMQ's own default is "bull"); tests use one per file. */
export const DEFAULT_QUEUE_PREFIX = 'gleaner';

/** Name of our backoff strategy, registered by the worker (see backoffDelay). */
export const BACKOFF_TYPE = 'gleaner';

export interface RetentionSettings {
  /** Keep a completed job this long (s): the window in which re-enqueueing its URL is a `duplicate`. */
  completedAgeS: number;
  completedCount: number;
  /** Failed jobs stay longer: they are the record of what went wrong (code in failedReason). */
  failedAgeS: number;
  failedCount: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  completedAgeS: 24 * 3600,
  completedCount: 100_000,
  failedAgeS: 7 * 24 * 3600,
  failedCount: 100_000,
};

export interface RetrySettings {
  /** Total tries for retryable codes (permanent codes fail on the first). */
  attempts: number;
  /** First retry after about this long; doubles each time, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 5, baseDelayMs: 2000, maxDelayMs: 10 * 60_000 };

/**
 * Exponential backoff with jitter: base·2^(n−1), scaled by a random factor in
 * [0.5, 1) so workers that failed together do not retry together; never sooner than
 * the server's Retry-After (capped at maxDelayMs).
 */
export function backoffDelay(attemptsMade: number, baseDelayMs: number, maxDelayMs: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp * (0.5 + random() / 2));
  return Math.min(maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}
