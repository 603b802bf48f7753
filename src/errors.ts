/**
 * Stable error codes (DESIGN.md §1b). Records, logs, job failures and the HTTP API
 * all carry these codes; add new ones, never rename one.
 */
export const ERROR_CODES = {
  INVALID_URL: { retryable: false },
  BLOCKED_ADDRESS: { retryable: false },
  ROBOTS_DISALLOWED: { retryable: false },
  /** robots.txt answered 5xx/429: "disallow for now" (RFC 9309), so try again later. */
  ROBOTS_UNAVAILABLE: { retryable: true },
  DNS_FAILURE: { retryable: true },
  CONNECT_FAILED: { retryable: true },
  TLS_ERROR: { retryable: false },
  HEADERS_TIMEOUT: { retryable: true },
  BODY_TIMEOUT: { retryable: true },
  DEADLINE_EXCEEDED: { retryable: true },
  BODY_TOO_LARGE: { retryable: false },
  TOO_MANY_REDIRECTS: { retryable: false },
  HTTP_CLIENT_ERROR: { retryable: false },
  HTTP_RATE_LIMITED: { retryable: true },
  HTTP_SERVER_ERROR: { retryable: true },
  NOT_HTML: { retryable: false },
  PARSE_FAILED: { retryable: false },
  FILE_NOT_FOUND: { retryable: false },
  FILE_UNREADABLE: { retryable: false },
  INVALID_INPUT: { retryable: false },
  STORE_FAILED: { retryable: true },
  QUEUE_UNAVAILABLE: { retryable: true },
  INTERNAL: { retryable: false },
  // HTTP API (src/http) and scheduled sources (src/sources):
  BAD_REQUEST: { retryable: false },
  UNAUTHORIZED: { retryable: false },
  NOT_FOUND: { retryable: false },
  PAYLOAD_TOO_LARGE: { retryable: false },
  /** A source's document parsed but is not the feed / sitemap / URL list it should be. */
  INVALID_SOURCE: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface GleanerErrorOptions {
  /** HTTP status, for HTTP_* codes. */
  status?: number;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class GleanerError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: GleanerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GleanerError';
    this.code = code;
    this.retryable = ERROR_CODES[code].retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The `{code, message}` shape used in records, job failures and API responses. */
  toJSON(): ErrorInfo {
    return this.status === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, status: this.status };
  }
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  status?: number;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Wraps anything thrown into a GleanerError, keeping a code when one is present. */
export function toGleanerError(err: unknown, fallback: ErrorCode = 'INTERNAL'): GleanerError {
  if (err instanceof GleanerError) return err;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return new GleanerError(isErrorCode(code) ? code : fallback, err.message, { cause: err });
  }
  return new GleanerError(fallback, String(err));
}
