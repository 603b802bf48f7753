/**
 * The fetcher: one shared undici Agent (keep-alive, per-origin connection cap,
 * connect/headers/body timeouts, guarded DNS lookup), redirects followed by hand so
 * every hop passes the address guard, robots.txt and politeness, and a deadline over
 * the whole URL.
 *
 * Timeouts, and which code a slow server gets:
 *  - no response headers within headersTimeoutMs        → HEADERS_TIMEOUT
 *  - silence longer than bodyTimeoutMs while streaming  → BODY_TIMEOUT
 *  - anything still running at deadlineMs (a body that drips steadily forever, a
 *    long politeness wait, many slow redirects)         → DEADLINE_EXCEEDED
 */
import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { GleanerError } from '../errors.js';
import type { Logger } from '../log.js';
import { abandon, readBody } from './body.js';
import { decodeHtmlLabelled, isHtmlMime, looksBinary, looksLikeHtml, parseContentType } from './decode.js';
import { assertLiteralAllowed, checkUrl, createGuardedLookup, type GuardOptions, type LookupFunction } from './guard.js';
import { parseRetryAfter, toFetchError } from './net-errors.js';
import { createMemoryPoliteness, type Politeness } from './politeness.js';
import { createRobotsCache, type RobotsCache, type RobotsResponse } from './robots.js';
import type { FetchOptions, FetchResult, Fetcher } from './types.js';

export interface FetcherOptions {
  /** Shared host budget; default: in-memory with config.hostConcurrency / hostIntervalMs. */
  politeness?: Politeness;
  logger?: Logger;
  /**
   * Replaces DNS resolution (tests: map test names to loopback without touching DNS).
   * Its answers still pass the address guard.
   */
  lookup?: LookupFunction;
  /** Host names exempt from the address guard (a trusted internal host; a test server standing in for a public site). */
  exemptHosts?: Iterable<string>;
  /** Connections kept per origin; default config.hostConcurrency (politeness caps in-flight requests per host anyway). */
  connectionsPerOrigin?: number;
  /** How long a 5xx/429 robots.txt blocks an origin before it is asked again. Default min(robotsTtlMs, 5 min). */
  robotsErrorTtlMs?: number;
  /** Pause for a host that sent 429 without Retry-After. Default 10 s. */
  defaultRateLimitPauseMs?: number;
}

const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';
// accept: 'document' (feeds, sitemaps, URL lists).
const ACCEPT_DOCUMENT = 'application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';
const DOCUMENT_TYPES = new Set([
  'application/xml', 'text/xml', 'application/rss+xml', 'application/atom+xml', 'application/rdf+xml',
  'text/plain', 'application/gzip', 'application/x-gzip', 'application/octet-stream',
]);
const isDocumentMime = (mime: string): boolean => isHtmlMime(mime) || DOCUMENT_TYPES.has(mime) || mime.endsWith('+xml');
// No zstd: Node 20's zlib has no zstd decoder.
const ACCEPT_ENCODING = 'gzip, deflate, br';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Bodies of redirects and error pages are read (to keep the connection reusable) up to this size.
const DISCARD_LIMIT = 64 * 1024;
// RFC 9309 §2.5: parse at least 500 KiB of robots.txt; more is cut off, not failed.
const ROBOTS_MAX_BYTES = 512 * 1024;
const ROBOTS_MAX_REDIRECTS = 5;

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  // dump() reads a small body to the end so the keep-alive connection survives, and
  // destroys a large one; a failure here does not matter.
  await body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
}

export function createFetcher(config: Config, options: FetcherOptions = {}): Fetcher {
  const logger = options.logger;
  const guard: GuardOptions = {
    allowPrivateNetworks: config.allowPrivateNetworks,
    exemptHosts: new Set([...(options.exemptHosts ?? [])].map((h) => h.toLowerCase())),
  };
  const politeness =
    options.politeness ?? createMemoryPoliteness({ concurrency: config.hostConcurrency, intervalMs: config.hostIntervalMs });
  const rateLimitPauseMs = options.defaultRateLimitPauseMs ?? 10_000;

  const agent = new Agent({
    connections: Math.max(1, options.connectionsPerOrigin ?? config.hostConcurrency),
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: config.headersTimeoutMs,
    bodyTimeout: config.bodyTimeoutMs,
    connect: {
      timeout: config.connectTimeoutMs,
      // Checked at connect time on the addresses actually dialled: no DNS-rebinding gap.
      lookup: createGuardedLookup({ ...guard, ...(options.lookup ? { resolve: options.lookup } : {}) }) as never,
    },
  });

  // Shared by every request without conditional headers (undici only reads them).
  const baseHeaders: Readonly<Record<string, string>> = {
    'user-agent': config.userAgent,
    accept: ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
  };
  const documentHeaders: Readonly<Record<string, string>> = { ...baseHeaders, accept: ACCEPT_DOCUMENT };

  /** One GET, no redirects followed. Literal addresses are checked here; names at connect. */
  const send = (url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Dispatcher.ResponseData> => {
    assertLiteralAllowed(url, guard);
    // What undici's request(url, { dispatcher }) does, without re-validating a URL checkUrl already built.
    return agent.request({ origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname, method: 'GET', headers, signal });
  };

  /** robots.txt through the same guard, politeness and timeouts, with its own deadline (the load is shared). */
  const loadRobots = async (robotsUrl: URL): Promise<RobotsResponse> => {
    const signal = AbortSignal.timeout(config.deadlineMs);
    let url = robotsUrl;
    try {
      for (let hop = 0; ; hop++) {
        const release = await politeness.acquire(url.host, signal);
        try {
          const res = await send(url, { 'user-agent': config.userAgent, accept: 'text/plain,*/*;q=0.1', 'accept-encoding': ACCEPT_ENCODING }, signal);
          const location = header(res.headers, 'location');
          if (REDIRECT_STATUSES.has(res.statusCode) && location !== null && hop < ROBOTS_MAX_REDIRECTS) {
            await discard(res.body);
            try {
              url = checkUrl(new URL(location, url).href);
            } catch {
              return { status: 404, text: '' }; // a redirect to nowhere fetchable: treat as no robots.txt
            }
            continue;
          }
          if (res.statusCode === 429) {
            await politeness.penalize(url.host, parseRetryAfter(header(res.headers, 'retry-after')) ?? rateLimitPauseMs);
          }
          if (res.statusCode < 200 || res.statusCode >= 300) {
            await discard(res.body);
            return { status: res.statusCode, text: '' };
          }
          const { bytes } = await readBody(res.body, {
            contentEncoding: header(res.headers, 'content-encoding'),
            maxBytes: ROBOTS_MAX_BYTES,
            truncate: true,
            idleTimeoutMs: config.bodyTimeoutMs,
          });
          return { status: res.statusCode, text: bytes.toString('utf8') };
        } finally {
          release();
        }
      }
    } catch (err) {
      if (signal.aborted && !(err instanceof GleanerError)) {
        throw new GleanerError('DEADLINE_EXCEEDED', `robots.txt ${robotsUrl.href} took longer than ${config.deadlineMs} ms`, { cause: err });
      }
      throw toFetchError(err, robotsUrl.href);
    }
  };

  const robots: RobotsCache = createRobotsCache({
    userAgent: config.userAgent,
    ttlMs: config.robotsTtlMs,
    errorTtlMs: options.robotsErrorTtlMs ?? Math.min(config.robotsTtlMs, 5 * 60_000),
    maxCrawlDelayMs: 60_000,
    load: loadRobots,
    onCrawlDelay: (host, ms) => politeness.setCrawlDelay?.(host, ms),
  });

  const fetchHops = async (input: string, first: URL, opts: FetchOptions, signal: AbortSignal, startedAt: number): Promise<FetchResult> => {
    const documentMode = opts.accept === 'document';
    let headers = documentMode ? documentHeaders : baseHeaders;
    if (opts.etag || opts.lastModified) {
      const conditional: Record<string, string> = { ...headers };
      if (opts.etag) conditional['if-none-match'] = opts.etag;
      if (opts.lastModified) conditional['if-modified-since'] = opts.lastModified;
      headers = conditional;
    }
    const fetchedAt = new Date().toISOString();
    const redirects: string[] = [];
    const seen = new Set<string>([first.href]);
    let url = first;

    for (;;) {
      // Literal check before robots so a blocked host is never sent even a robots.txt request.
      assertLiteralAllowed(url, guard);
      // Fresh cached robots.txt and a free politeness slot are decided without a promise;
      // an aborted signal still wins first, as it does in check() and acquire().
      if (signal.aborted) throw signal.reason;
      if (!robots.checkCached(url)) await robots.check(url, signal);
      if (signal.aborted) throw signal.reason;
      const release = politeness.tryAcquire?.(url.host) ?? await politeness.acquire(url.host, signal);
      try {
        const hopStart = performance.now();
        const res = await send(url, headers, signal);
        const headersMs = performance.now() - hopStart;
        const status = res.statusCode;
        const location = header(res.headers, 'location');

        if (REDIRECT_STATUSES.has(status) && location !== null) {
          await discard(res.body);
          const next = checkUrl(new URL(location, url).href);
          next.hash = '';
          if (seen.has(next.href)) {
            throw new GleanerError('TOO_MANY_REDIRECTS', `redirect loop: ${url.href} → ${next.href}`);
          }
          if (redirects.length >= config.maxRedirects) {
            throw new GleanerError('TOO_MANY_REDIRECTS', `more than ${config.maxRedirects} redirects from ${first.href}`);
          }
          seen.add(next.href);
          redirects.push(next.href);
          url = next;
          continue;
        }

        if (status === 304) {
          await discard(res.body);
          return {
            url: input, finalUrl: url.href, status, notModified: true, html: null,
            contentType: header(res.headers, 'content-type'), charset: '', bytes: 0, redirects,
            etag: header(res.headers, 'etag') ?? opts.etag ?? null,
            lastModified: header(res.headers, 'last-modified') ?? opts.lastModified ?? null,
            fetchedAt,
            timings: { totalMs: performance.now() - startedAt, headersMs, bodyMs: 0 },
          };
        }

        if (status >= 300) {
          await discard(res.body);
          throw await statusError(url, status, header(res.headers, 'retry-after'));
        }
        if (status === 204 || status === 205) {
          await discard(res.body);
          throw new GleanerError('NOT_HTML', `${url.href} answered ${status} without content`, { status });
        }

        const contentType = header(res.headers, 'content-type');
        const parsedType = parseContentType(contentType);
        if (parsedType !== null && !(documentMode ? isDocumentMime(parsedType.mime) : isHtmlMime(parsedType.mime))) {
          // Destroy rather than drain: a PDF or video is not worth reading to keep a connection.
          abandon(res.body);
          throw new GleanerError('NOT_HTML', `${url.href} is ${parsedType.mime}, not HTML`);
        }
        const declaredLength = Number(header(res.headers, 'content-length') ?? NaN);
        if (declaredLength > config.maxBytes) {
          abandon(res.body);
          throw new GleanerError('BODY_TOO_LARGE', `${url.href} declares ${declaredLength} bytes, over the ${config.maxBytes} byte cap`);
        }

        const bodyStart = performance.now();
        const { bytes, wireBytes } = await readBody(res.body, {
          contentEncoding: header(res.headers, 'content-encoding'),
          maxBytes: config.maxBytes,
          idleTimeoutMs: config.bodyTimeoutMs,
          expectedBytes: declaredLength,
        });
        if (documentMode) {
          // Feeds and sitemaps carry their own charset rules (XML declaration) and may be gzip files.
          return {
            url: input, finalUrl: url.href, status, notModified: false, html: null, body: bytes,
            contentType, charset: '', bytes: wireBytes, redirects,
            etag: header(res.headers, 'etag'), lastModified: header(res.headers, 'last-modified'),
            fetchedAt,
            timings: { totalMs: performance.now() - startedAt, headersMs, bodyMs: performance.now() - bodyStart },
          };
        }
        if (looksBinary(bytes, parsedType?.charset) || (parsedType === null && !looksLikeHtml(bytes))) {
          throw new GleanerError('NOT_HTML', `${url.href} does not contain HTML (binary or unlabelled bytes)`);
        }
        const { html, charset } = decodeHtmlLabelled(bytes, parsedType?.charset ?? undefined);
        const bodyMs = performance.now() - bodyStart;
        return {
          url: input, finalUrl: url.href, status, notModified: false, html,
          contentType, charset, bytes: wireBytes, redirects,
          etag: header(res.headers, 'etag'), lastModified: header(res.headers, 'last-modified'),
          fetchedAt,
          timings: { totalMs: performance.now() - startedAt, headersMs, bodyMs },
        };
      } finally {
        release();
      }
    }
  };

  const statusError = async (url: URL, status: number, retryAfterHeader: string | null): Promise<GleanerError> => {
    const retryAfterMs = parseRetryAfter(retryAfterHeader);
    if (status === 429 || status === 408) {
      // Slow the whole host down, not just this URL (concurrency must drop on 429s).
      const pause = retryAfterMs ?? (status === 429 ? rateLimitPauseMs : undefined);
      if (pause !== undefined) await politeness.penalize(url.host, pause);
      return new GleanerError('HTTP_RATE_LIMITED', `${url.href} answered ${status}`, {
        status, ...(pause !== undefined ? { retryAfterMs: pause } : {}),
      });
    }
    if (status >= 500) {
      if (status === 503 && retryAfterMs !== undefined) await politeness.penalize(url.host, retryAfterMs);
      return new GleanerError('HTTP_SERVER_ERROR', `${url.href} answered ${status}`, {
        status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    if (status >= 400) return new GleanerError('HTTP_CLIENT_ERROR', `${url.href} answered ${status}`, { status });
    // 3xx without Location (300, 305, ...): nothing to follow and no page.
    return new GleanerError('HTTP_CLIENT_ERROR', `${url.href} answered ${status} without a usable Location`, { status });
  };

  return {
    async fetch(input, opts = {}) {
      const startedAt = performance.now();
      const first = checkUrl(input);
      first.hash = '';
      const deadline = new AbortController();
      const timer = setTimeout(() => {
        deadline.abort(new GleanerError('DEADLINE_EXCEEDED', `${first.href} not fetched within ${config.deadlineMs} ms`));
      }, config.deadlineMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
      try {
        const result = await fetchHops(input, first, opts, signal, startedAt);
        logger?.debug({ url: result.url, finalUrl: result.finalUrl, status: result.status, bytes: result.bytes, ms: Math.round(result.timings.totalMs) }, 'fetched');
        return result;
      } catch (err) {
        // The caller's own abort comes back as the caller's reason, as AbortSignal users expect.
        if (opts.signal?.aborted) throw opts.signal.reason;
        if (deadline.signal.aborted && !(err instanceof GleanerError)) throw deadline.signal.reason;
        const error = toFetchError(err, first.href);
        logger?.debug({ url: first.href, code: error.code, err: error.message }, 'fetch failed');
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      robots.clear();
      await agent.close();
    },
  };
}
