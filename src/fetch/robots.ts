/**
 * robots.txt (RFC 9309), one per origin, cached for `ttlMs`.
 *  - 2xx: parsed with robots-parser; rules for our product token ("Gleaner") or "*";
 *    Crawl-delay is handed to politeness.
 *  - 4xx (not 429): no usable robots.txt → everything allowed.
 *  - 5xx and 429: "unavailable" → complete disallow for a short while (errorTtlMs);
 *    a previously fetched copy, if any, keeps being used instead (RFC 9309 §2.3.1.4).
 *  - Network failures (DNS, refused, timeouts) and BLOCKED_ADDRESS are not cached:
 *    the page fetch fails with that code and a retry tries robots.txt again.
 * The robots.txt request itself goes through the same guarded client and politeness.
 */
import { createRequire } from 'node:module';
import { GleanerError } from '../errors.js';

/** The part of robots-parser's Robot we use (its bundled typings do not resolve under NodeNext). */
interface Robot {
  isDisallowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => Robot;

export interface RobotsResponse {
  status: number;
  text: string;
}

export interface RobotsOptions {
  /** The full User-Agent; rules are matched on its product token (text before "/"). */
  userAgent: string;
  ttlMs: number;
  /** How long a 5xx/429 "disallow for now" lasts. */
  errorTtlMs: number;
  /** Longest Crawl-delay honoured; longer values are clamped (some sites ask for hours). */
  maxCrawlDelayMs: number;
  /** Fetches robots.txt (following redirects); rejects with a GleanerError on network failure. */
  load(robotsUrl: URL): Promise<RobotsResponse>;
  onCrawlDelay?(host: string, ms: number): Promise<void> | void;
  /** Cached origins kept at most (oldest dropped first). */
  maxEntries?: number;
}

type Verdict =
  | { kind: 'rules'; robot: Robot }
  | { kind: 'allow' }
  | { kind: 'unavailable'; status: number };

interface Entry {
  verdict: Verdict;
  expiresAt: number;
}

/** "Gleaner/0.1.0 (+https://…)" → "Gleaner". */
export function productToken(userAgent: string): string {
  return /^[A-Za-z0-9_-]+/.exec(userAgent.trim())?.[0] ?? userAgent;
}

export interface RobotsCache {
  /** Throws ROBOTS_DISALLOWED (or the network error that kept robots.txt from loading). */
  check(url: URL, signal?: AbortSignal): Promise<void>;
  /**
   * The same verdict without a promise when the origin's robots.txt is cached and fresh:
   * returns true when allowed, throws ROBOTS_DISALLOWED when not, and returns false when
   * nothing fresh is cached (call check() then).
   */
  checkCached(url: URL): boolean;
  clear(): void;
}

export function createRobotsCache(options: RobotsOptions): RobotsCache {
  const token = productToken(options.userAgent);
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry>>();

  const store = (origin: string, entry: Entry): Entry => {
    entries.delete(origin);
    entries.set(origin, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return entry;
  };

  const refresh = async (url: URL): Promise<Entry> => {
    const robotsUrl = new URL('/robots.txt', url.origin);
    const previous = entries.get(url.origin);
    const response = await options.load(robotsUrl);
    const now = Date.now();
    const { status } = response;
    if (status >= 200 && status < 300) {
      const robot = robotsParser(robotsUrl.href, response.text);
      const delay = robot.getCrawlDelay(token);
      if (delay !== undefined && delay > 0 && options.onCrawlDelay) {
        await options.onCrawlDelay(url.host, Math.min(delay * 1000, options.maxCrawlDelayMs));
      }
      return store(url.origin, { verdict: { kind: 'rules', robot }, expiresAt: now + options.ttlMs });
    }
    if (status === 429 || status >= 500) {
      if (previous !== undefined && previous.verdict.kind !== 'unavailable') {
        return store(url.origin, { verdict: previous.verdict, expiresAt: now + options.errorTtlMs });
      }
      return store(url.origin, { verdict: { kind: 'unavailable', status }, expiresAt: now + options.errorTtlMs });
    }
    // 4xx and anything else unexpected (1xx, 3xx left over after the redirect limit): no rules.
    return store(url.origin, { verdict: { kind: 'allow' }, expiresAt: now + options.ttlMs });
  };

  const entryFor = (url: URL): Promise<Entry> => {
    const cached = entries.get(url.origin);
    if (cached !== undefined && cached.expiresAt > Date.now()) return Promise.resolve(cached);
    let pending = inflight.get(url.origin);
    if (pending === undefined) {
      // One load per origin however many pages wait for it.
      pending = refresh(url).finally(() => inflight.delete(url.origin));
      inflight.set(url.origin, pending);
    }
    return pending;
  };

  /** Throws ROBOTS_DISALLOWED (or ROBOTS_UNAVAILABLE while robots.txt errs) unless the entry allows the URL. */
  const judge = (entry: Entry, url: URL): void => {
    const verdict = entry.verdict;
    if (verdict.kind === 'allow') return;
    if (verdict.kind === 'unavailable') {
      // Temporary by definition: a retryable code, so queued URLs are retried, not dropped.
      throw new GleanerError(
        'ROBOTS_UNAVAILABLE',
        `robots.txt for ${url.origin} is unavailable (HTTP ${verdict.status}); disallowing for now (RFC 9309)`,
        { retryAfterMs: Math.max(0, entry.expiresAt - Date.now()) },
      );
    }
    if (verdict.robot.isDisallowed(url.href, token) === true) {
      throw new GleanerError('ROBOTS_DISALLOWED', `robots.txt of ${url.origin} disallows ${url.pathname} for ${token}`);
    }
  };

  return {
    async check(url, signal) {
      const pending = entryFor(url);
      // The load is shared, so it is not cancelled by one caller; each caller stops waiting on its own abort.
      const entry = signal === undefined ? await pending : await raceAbort(pending, signal);
      judge(entry, url);
    },
    checkCached(url) {
      const cached = entries.get(url.origin);
      if (cached === undefined || cached.expiresAt <= Date.now()) return false;
      judge(cached, url);
      return true;
    },
    clear() {
      entries.clear();
    },
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
