/**
 * The fetcher against a real, misbehaving HTTP server on 127.0.0.1. The guard is lifted
 * here (allowPrivateNetworks) except where a test says otherwise; guard-on behaviour
 * with redirects lives in guard-redirects.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, createMemoryPoliteness, type Fetcher } from '../../../src/fetch/index.js';
import { CHARSET_SAMPLES, PAGE, closedPort, startHostileServer, type HostileServer } from '../../helpers/hostile-server.js';
import { expectCode, fakeLookup, testConfig } from './support.js';

let server: HostileServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startHostileServer();
  fetcher = createFetcher(testConfig());
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const at = (path: string) => `${server.origin}${path}`;

async function withFetcher(fn: (f: Fetcher) => Promise<void>, overrides: Parameters<typeof testConfig>[0] = {}): Promise<void> {
  const f = createFetcher(testConfig(overrides));
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

describe('success', () => {
  it('fetches a UTF-8 page with timings, bytes and headers', async () => {
    const result = await fetcher.fetch(at('/ok'));
    expect(result).toMatchObject({
      url: at('/ok'), finalUrl: at('/ok'), status: 200, notModified: false, html: PAGE,
      contentType: 'text/html; charset=utf-8', charset: 'UTF-8', redirects: [],
    });
    expect(result.bytes).toBe(Buffer.byteLength(PAGE));
    expect(Number.isNaN(Date.parse(result.fetchedAt))).toBe(false);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.headersMs);
    const sent = server.requests.find((r) => r.path === '/ok')!;
    expect(sent.headers['user-agent']).toMatch(/^Gleaner\//);
    expect(sent.headers['accept-encoding']).toContain('gzip');
  });

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decodes %s bodies and reports compressed bytes', async (path) => {
    const result = await fetcher.fetch(at(path));
    expect(result.html).toBe(PAGE);
    expect(result.bytes).toBeLessThan(Buffer.byteLength(PAGE) + 30);
    expect(result.bytes).toBeGreaterThan(0);
  });

  it('accepts XHTML', async () => {
    const result = await fetcher.fetch(at('/xhtml'));
    expect(result.html).toContain('<p>x</p>');
  });

  it('accepts a page without Content-Type when the bytes are markup', async () => {
    const result = await fetcher.fetch(at('/no-content-type'));
    expect(result.html).toBe(PAGE);
    expect(result.contentType).toBeNull();
  });

  it('follows a redirect chain within the limit and records each hop', async () => {
    const result = await fetcher.fetch(at('/chain/3'));
    expect(result.finalUrl).toBe(at('/chain/0'));
    expect(result.redirects).toEqual([at('/chain/2'), at('/chain/1'), at('/chain/0')]);
    expect(result.html).toBe(PAGE);
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as notModified', async () => {
    const first = await fetcher.fetch(at('/conditional'));
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBe('Tue, 01 Jul 2025 10:00:00 GMT');
    const again = await fetcher.fetch(at('/conditional'), { etag: first.etag, lastModified: first.lastModified });
    expect(again).toMatchObject({ status: 304, notModified: true, html: null, etag: '"v1"' });
    const byDate = await fetcher.fetch(at('/conditional'), { lastModified: first.lastModified });
    expect(byDate.notModified).toBe(true);
    const sent = server.requests.filter((r) => r.path === '/conditional');
    expect(sent[1]!.headers['if-none-match']).toBe('"v1"');
    expect(sent[2]!.headers['if-modified-since']).toBe('Tue, 01 Jul 2025 10:00:00 GMT');
  });
});

describe('charsets', () => {
  const names = Object.keys(CHARSET_SAMPLES);
  it.each(names)('%s declared in the HTTP header', async (name) => {
    const result = await fetcher.fetch(at(`/charset/${encodeURIComponent(name)}?mode=header`));
    expect(result.charset).toBe(name);
    expect(result.html).toContain(CHARSET_SAMPLES[name]);
  });

  it.each(names)('%s declared only in <meta charset>', async (name) => {
    const result = await fetcher.fetch(at(`/charset/${encodeURIComponent(name)}?mode=meta`));
    expect(result.charset).toBe(name);
    expect(result.html).toContain(CHARSET_SAMPLES[name]);
  });

  it.each(names)('%s declared only in <meta http-equiv>', async (name) => {
    const result = await fetcher.fetch(at(`/charset/${encodeURIComponent(name)}?mode=equiv`));
    expect(result.charset).toBe(name);
    expect(result.html).toContain(CHARSET_SAMPLES[name]);
  });

  it('defaults to windows-1252 (curly quotes and € come out right, not as C1 controls)', async () => {
    const result = await fetcher.fetch(at('/windows-1252-default'));
    expect(result.charset).toBe('windows-1252');
    expect(result.html).toBe('<p>“quoted” €</p>');
  });

  it('lets a BOM override the header charset', async () => {
    const result = await fetcher.fetch(at('/utf8-bom'));
    expect(result.charset).toBe('UTF-8');
    expect(result.html).toBe('<p>Ünïcödé</p>');
  });
});

describe('failures', () => {
  it('HEADERS_TIMEOUT when headers never come', async () => {
    await expectCode(fetcher.fetch(at('/hang-headers')), 'HEADERS_TIMEOUT');
  });

  it('BODY_TIMEOUT when the body drips a byte a second', async () => {
    await expectCode(fetcher.fetch(at('/drip?every=1000')), 'BODY_TIMEOUT');
  });

  it('DEADLINE_EXCEEDED when a body drips steadily forever', async () => {
    const f = createFetcher(testConfig({ deadlineMs: 800 }));
    const started = Date.now();
    try {
      // A byte every 100 ms never trips the 400 ms body timeout: only the deadline ends it.
      await expectCode(f.fetch(at('/drip?every=100')), 'DEADLINE_EXCEEDED');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await f.close();
    }
  });

  it('BODY_TOO_LARGE on an endless body', async () => {
    await expectCode(fetcher.fetch(at('/endless')), 'BODY_TOO_LARGE');
  });

  it('BODY_TOO_LARGE from Content-Length alone', async () => {
    await expectCode(fetcher.fetch(at('/big')), 'BODY_TOO_LARGE');
  });

  it.each(['/gzip-bomb', '/br-bomb'])('BODY_TOO_LARGE on a decompression bomb (%s)', async (path) => {
    const err = await expectCode(fetcher.fetch(at(path)), 'BODY_TOO_LARGE');
    expect(err.message).toContain('decompressed');
  });

  it('HTTP_SERVER_ERROR on a corrupt gzip body', async () => {
    await expectCode(fetcher.fetch(at('/corrupt-gzip')), 'HTTP_SERVER_ERROR');
  });

  it('TOO_MANY_REDIRECTS on a redirect loop', async () => {
    const err = await expectCode(fetcher.fetch(at('/loop-a')), 'TOO_MANY_REDIRECTS');
    expect(err.message).toContain('loop');
  });

  it('TOO_MANY_REDIRECTS over maxRedirects', async () => {
    await expectCode(fetcher.fetch(at('/chain/6')), 'TOO_MANY_REDIRECTS');
  });

  it('INVALID_URL on a redirect to a non-http scheme', async () => {
    await expectCode(fetcher.fetch(at(`/redirect?to=${encodeURIComponent('file:///etc/passwd')}`)), 'INVALID_URL');
  });

  it.each([404, 410, 403])('HTTP_CLIENT_ERROR with status on %i', async (status) => {
    const err = await expectCode(fetcher.fetch(at(`/status/${status}`)), 'HTTP_CLIENT_ERROR');
    expect(err.status).toBe(status);
    expect(err.message).toContain(String(status));
  });

  // 429/503 pause the host, so each of these gets a fetcher (and politeness) of its own.
  it('HTTP_RATE_LIMITED with retryAfterMs on 429 with Retry-After seconds', async () => {
    await withFetcher(async (f) => {
      const err = await expectCode(f.fetch(at('/status/429?retry-after=7')), 'HTTP_RATE_LIMITED');
      expect(err.status).toBe(429);
      expect(err.retryAfterMs).toBe(7000);
      expect(err.retryable).toBe(true);
    });
  });

  it('HTTP_RATE_LIMITED on 429 without Retry-After still pauses (default pause)', async () => {
    await withFetcher(async (f) => {
      const err = await expectCode(f.fetch(at('/status/429')), 'HTTP_RATE_LIMITED');
      expect(err.retryAfterMs).toBe(10_000);
    });
  });

  it('HTTP_RATE_LIMITED on 408', async () => {
    const err = await expectCode(fetcher.fetch(at('/status/408')), 'HTTP_RATE_LIMITED');
    expect(err.status).toBe(408);
  });

  it('HTTP_SERVER_ERROR with retryAfterMs on 503 with an HTTP-date Retry-After', async () => {
    await withFetcher(async (f) => {
      const when = new Date(Date.now() + 30_000).toUTCString();
      const err = await expectCode(f.fetch(at(`/status/503?retry-after=${encodeURIComponent(when)}`)), 'HTTP_SERVER_ERROR');
      expect(err.status).toBe(503);
      expect(err.retryAfterMs).toBeGreaterThan(25_000);
      expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
    });
  });

  it('HTTP_SERVER_ERROR on 500', async () => {
    const err = await expectCode(fetcher.fetch(at('/status/500')), 'HTTP_SERVER_ERROR');
    expect(err.status).toBe(500);
  });

  it('NOT_HTML on application/pdf', async () => {
    await expectCode(fetcher.fetch(at('/pdf')), 'NOT_HTML');
  });

  it('NOT_HTML on text/plain', async () => {
    await expectCode(fetcher.fetch(at('/text-plain')), 'NOT_HTML');
  });

  it('NOT_HTML on binary bytes labelled text/html', async () => {
    await expectCode(fetcher.fetch(at('/binary-as-html')), 'NOT_HTML');
  });

  it('NOT_HTML on control characters in text/html', async () => {
    await expectCode(fetcher.fetch(at('/nul-in-html')), 'NOT_HTML');
  });

  it('CONNECT_FAILED when nothing listens', async () => {
    const port = await closedPort();
    await expectCode(fetcher.fetch(`http://127.0.0.1:${port}/`), 'CONNECT_FAILED');
  });

  it('CONNECT_FAILED when the server resets the connection', async () => {
    await expectCode(fetcher.fetch(at('/reset')), 'CONNECT_FAILED');
  });

  it('DNS_FAILURE when the name does not resolve (fake resolver, no DNS traffic)', async () => {
    const f = createFetcher(testConfig(), { lookup: fakeLookup({}) });
    try {
      await expectCode(f.fetch('http://no-such-host.test/'), 'DNS_FAILURE');
    } finally {
      await f.close();
    }
  });

  it('TLS_ERROR on a self-signed certificate', async () => {
    const tlsServer = await startHostileServer({ tls: true });
    try {
      await expectCode(fetcher.fetch(`${tlsServer.origin}/ok`), 'TLS_ERROR');
    } finally {
      await tlsServer.close();
    }
  });

  it('INVALID_URL for bad input', async () => {
    for (const bad of ['', 'not a url', 'ftp://example.com/', 'javascript:alert(1)', 'http://user:pw@example.com/', `http://example.com/${'a'.repeat(3000)}`]) {
      await expectCode(fetcher.fetch(bad), 'INVALID_URL');
    }
  });

  it("returns the caller's abort reason when the caller aborts", async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    await expect(fetcher.fetch(at('/hang-headers'), { signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('politeness in the fetcher', () => {
  it('pauses the host after a 429 so the next request waits for Retry-After', async () => {
    const politeness = createMemoryPoliteness({ concurrency: 2, intervalMs: 0 });
    const f = createFetcher(testConfig({ deadlineMs: 700 }), { politeness });
    try {
      await expectCode(f.fetch(at('/status/429?retry-after=60')), 'HTTP_RATE_LIMITED');
      const before = server.requests.length;
      // The host is paused for 60 s: the next fetch waits in politeness until the deadline.
      await expectCode(f.fetch(at('/ok')), 'DEADLINE_EXCEEDED');
      expect(server.requests.length).toBe(before);
    } finally {
      await f.close();
    }
  });
});
