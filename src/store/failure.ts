/** Database errors become retryable STORE_FAILED errors; our own validation errors pass through. */
import { GleanerError, isErrorCode, type ErrorCode } from '../errors.js';
import type { FailureInfo } from './types.js';

export function storeFailed(operation: string, err: unknown): GleanerError {
  if (err instanceof GleanerError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new GleanerError('STORE_FAILED', `store ${operation} failed: ${detail}`, { cause: err });
}

/** Runs a backend operation, translating whatever it throws. */
export async function guard<T>(operation: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw storeFailed(operation, err);
  }
}

export function checkFailure(failure: FailureInfo): void {
  const bad = (why: string): never => {
    throw new GleanerError('INVALID_INPUT', `cannot record failure: ${why}`);
  };
  if (typeof failure.url !== 'string' || failure.url === '') bad('url must be a non-empty string');
  if (!isErrorCode(failure.code)) bad(`unknown error code ${JSON.stringify(failure.code)}`);
  if (typeof failure.message !== 'string') bad('message must be a string');
  if (!Number.isInteger(failure.attempts) || failure.attempts < 0) bad('attempts must be a non-negative integer');
  if (typeof failure.failedAt !== 'string' || failure.failedAt === '') bad('failedAt must be an ISO 8601 string');
}

export interface FailureRow {
  url: string;
  code: string;
  message: string;
  attempts: number | string;
  failed_at: string;
}

export function failureFromRow(row: FailureRow): FailureInfo {
  // A code written by a newer version that this one does not know reads as INTERNAL rather than lying about its type.
  const code: ErrorCode = isErrorCode(row.code) ? row.code : 'INTERNAL';
  return { url: row.url, code, message: row.message, attempts: Number(row.attempts), failedAt: row.failed_at };
}
