/** robots.txt handling through the fetcher, against the hostile server. */
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, createMemoryPoliteness, type Fetcher, type Politeness } from '../../../src/fetch/index.js';
import { startHostileServer, type HostileServer, type RobotsBehaviour } from '../../helpers/hostile-server.js';
import { expectCode, testConfig } from './support.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function setup(
  robots: RobotsBehaviour,
  options: { robotsTtlMs?: number; robotsErrorTtlMs?: number; politeness?: Politeness } = {},
): Promise<{ server: HostileServer; fetcher: Fetcher; at: (p: string) => string }> {
  const server = await startHostileServer({ robots });
  const fetcher = createFetcher(testConfig({ robotsTtlMs: options.robotsTtlMs ?? 60_000 }), {
    ...(options.robotsErrorTtlMs !== undefined ? { robotsErrorTtlMs: options.robotsErrorTtlMs } : {}),
    ...(options.politeness ? { politeness: options.politeness } : {}),
  });
  cleanup.push(() => server.close(), () => fetcher.close());
  return { server, fetcher, at: (p) => `${server.origin}${p}` };
}

const robotsHits = (server: HostileServer) => server.paths().filter((p) => p === '/robots.txt').length;

describe('robots.txt', () => {
  it('ROBOTS_DISALLOWED for a path disallowed to Gleaner; the page is never requested', async () => {
    const { server, fetcher, at } = await setup({
      status: 200,
      body: 'User-agent: *\nDisallow: /nothing\n\nUser-agent: Gleaner\nDisallow: /private/\n',
    });
    const err = await expectCode(fetcher.fetch(at('/private/page')), 'ROBOTS_DISALLOWED');
    expect(err.retryable).toBe(false);
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
    expect(server.paths()).not.toContain('/private/page');
    const robotsRequest = server.requests.find((r) => r.path === '/robots.txt')!;
    expect(robotsRequest.headers['user-agent']).toMatch(/^Gleaner\//);
  });

  it('applies the * group when there is no Gleaner group', async () => {
    const { fetcher, at } = await setup({ status: 200, body: 'User-agent: *\nDisallow: /\n' });
    await expectCode(fetcher.fetch(at('/ok')), 'ROBOTS_DISALLOWED');
  });

  it('ignores groups for other crawlers', async () => {
    const { fetcher, at } = await setup({ status: 200, body: 'User-agent: OtherBot\nDisallow: /\n' });
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
  });

  it('checks robots.txt on every redirect hop', async () => {
    const { server, fetcher, at } = await setup({ status: 200, body: 'User-agent: Gleaner\nDisallow: /private/\n' });
    await expectCode(fetcher.fetch(at(`/redirect?to=${encodeURIComponent('/private/target')}`)), 'ROBOTS_DISALLOWED');
    expect(server.paths()).not.toContain('/private/target');
  });

  it('fetches robots.txt once per origin, also for concurrent fetches', async () => {
    const { server, fetcher, at } = await setup({ status: 200, body: 'User-agent: *\nAllow: /\n' });
    await Promise.all([fetcher.fetch(at('/ok')), fetcher.fetch(at('/gzip')), fetcher.fetch(at('/br'))]);
    await fetcher.fetch(at('/deflate'));
    expect(robotsHits(server)).toBe(1);
  });

  it('fetches it again after robotsTtlMs', async () => {
    const { server, fetcher, at } = await setup({ status: 200, body: '' }, { robotsTtlMs: 150 });
    await fetcher.fetch(at('/ok'));
    await new Promise((r) => setTimeout(r, 250));
    await fetcher.fetch(at('/ok'));
    expect(robotsHits(server)).toBe(2);
  });

  it('4xx robots.txt allows everything', async () => {
    const { fetcher, at } = await setup({ status: 404 });
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
    const gone = await setup({ status: 410 });
    expect((await gone.fetcher.fetch(gone.at('/ok'))).status).toBe(200);
  });

  it('5xx robots.txt disallows for now (RFC 9309) with a retryable code, and is asked again after the error TTL', async () => {
    const { server, fetcher, at } = await setup({ status: 503 }, { robotsErrorTtlMs: 150 });
    const err = await expectCode(fetcher.fetch(at('/ok')), 'ROBOTS_UNAVAILABLE');
    expect(err.message).toContain('503');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(server.paths()).not.toContain('/ok');
    // Still inside the error TTL: no new robots.txt request, still disallowed.
    await expectCode(fetcher.fetch(at('/ok')), 'ROBOTS_UNAVAILABLE');
    expect(robotsHits(server)).toBe(1);
    server.robots = { status: 404 };
    await new Promise((r) => setTimeout(r, 250));
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
    expect(robotsHits(server)).toBe(2);
  });

  it('429 robots.txt also disallows for now', async () => {
    const { fetcher, at } = await setup({ status: 429 });
    await expectCode(fetcher.fetch(at('/ok')), 'ROBOTS_UNAVAILABLE');
  });

  it('keeps using a good copy when a refresh gets 5xx', async () => {
    const { server, fetcher, at } = await setup(
      { status: 200, body: 'User-agent: *\nDisallow: /private/\n' },
      { robotsTtlMs: 100, robotsErrorTtlMs: 5_000 },
    );
    await fetcher.fetch(at('/ok'));
    server.robots = { status: 500 };
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
    await expectCode(fetcher.fetch(at('/private/x')), 'ROBOTS_DISALLOWED');
    expect(robotsHits(server)).toBe(2);
  });

  it('follows a robots.txt redirect (also to another origin)', async () => {
    const rules = await startHostileServer({ robots: { status: 200, body: 'User-agent: *\nDisallow: /private/\n' } });
    cleanup.push(() => rules.close());
    const { server, fetcher, at } = await setup({ status: 301, location: `${rules.origin}/robots.txt` });
    await expectCode(fetcher.fetch(at('/private/x')), 'ROBOTS_DISALLOWED');
    expect((await fetcher.fetch(at('/ok'))).status).toBe(200);
    expect(server.paths()).not.toContain('/private/x');
    expect(rules.paths()).toEqual(['/robots.txt']);
  });

  it('feeds Crawl-delay to politeness and spaces requests by it', async () => {
    const calls: Array<[string, number]> = [];
    const inner = createMemoryPoliteness({ concurrency: 4, intervalMs: 0 });
    const politeness: Politeness = {
      acquire: (host, signal) => inner.acquire(host, signal),
      penalize: (host, ms) => inner.penalize(host, ms),
      setCrawlDelay: async (host, ms) => {
        calls.push([host, ms]);
        await inner.setCrawlDelay!(host, ms);
      },
    };
    const { server, fetcher, at } = await setup(
      { status: 200, body: 'User-agent: Gleaner\nCrawl-delay: 0.4\nDisallow: /private/\n' },
      { politeness },
    );
    const stamps: number[] = [];
    for (const path of ['/ok', '/gzip', '/br']) {
      await fetcher.fetch(at(path));
      stamps.push(Date.now());
    }
    expect(calls).toEqual([[`127.0.0.1:${server.port}`, 400]]);
    // Lower bounds only: the delay must have been waited, however fast the machine.
    expect(stamps[1]! - stamps[0]!).toBeGreaterThanOrEqual(380);
    expect(stamps[2]! - stamps[1]!).toBeGreaterThanOrEqual(380);
  });
});
