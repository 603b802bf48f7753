/** Maps undici / Node network errors to the stable codes of DESIGN.md §1b. */
import { GleanerError, type ErrorCode } from '../errors.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN',
  'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_INFO',
]);
const TLS_CODES = new Set([
  'EPROTO', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function classify(code: string): ErrorCode | null {
  if (DNS_CODES.has(code)) return 'DNS_FAILURE';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_')) return 'TLS_ERROR';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'HEADERS_TIMEOUT';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'BODY_TIMEOUT';
  if (code === 'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE') return 'BODY_TOO_LARGE';
  if (CONNECT_CODES.has(code)) return 'CONNECT_FAILED';
  return null;
}

/** Walks `cause` chains (undici wraps socket errors) for the first GleanerError or known code. */
export function toFetchError(err: unknown, url: string): GleanerError {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current != null; depth++) {
    if (current instanceof GleanerError) return current;
    const code = codeOf(current);
    const mapped = code === undefined ? null : classify(code);
    if (mapped !== null) {
      const message = (current as Error).message || code!;
      return new GleanerError(mapped, `${describe(mapped)} fetching ${url}: ${message}`, { cause: err });
    }
    current = (current as { cause?: unknown }).cause;
  }
  // Nothing network-shaped: a bug or an unexpected library error, not a retryable outage.
  const message = err instanceof Error ? err.message : String(err);
  return new GleanerError('INTERNAL', `fetching ${url} failed: ${message}`, { cause: err });
}

function describe(code: ErrorCode): string {
  switch (code) {
    case 'DNS_FAILURE': return 'DNS lookup failed';
    case 'TLS_ERROR': return 'TLS handshake failed';
    case 'HEADERS_TIMEOUT': return 'no response headers in time';
    case 'BODY_TIMEOUT': return 'body stalled';
    case 'BODY_TOO_LARGE': return 'body too large';
    default: return 'connection failed';
  }
}

/**
 * Parses Retry-After (delta seconds or an HTTP date) to milliseconds from `now`.
 * Returns undefined when absent or unparseable; caps at a day so a hostile value
 * cannot park a host forever.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const DAY = 24 * 60 * 60 * 1000;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, DAY);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), DAY);
}
