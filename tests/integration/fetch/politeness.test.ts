/**
 * Politeness, in memory and through the real Redis at 127.0.0.1:6379 (each run uses a
 * unique key prefix and deletes its keys). Timing checks are lower bounds on waits the
 * limiter must impose, never speed targets.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, createMemoryPoliteness, createRedisPoliteness, type Politeness } from '../../../src/fetch/index.js';
import { startHostileServer } from '../../helpers/hostile-server.js';
import { testConfig } from './support.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` tasks through the limiters (round-robin) and reports the peak concurrency and start times. */
async function exercise(limiters: Politeness[], host: string, n: number, holdMs: number): Promise<{ peak: number; starts: number[] }> {
  let active = 0;
  let peak = 0;
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const release = await limiters[i % limiters.length]!.acquire(host);
      starts.push(Date.now());
      active++;
      peak = Math.max(peak, active);
      await pause(holdMs);
      active--;
      release();
    }),
  );
  return { peak, starts: starts.sort((a, b) => a - b) };
}

function minGap(starts: number[]): number {
  let gap = Infinity;
  for (let i = 1; i < starts.length; i++) gap = Math.min(gap, starts[i]! - starts[i - 1]!);
  return gap;
}

function behaviour(name: string, make: (opts: { concurrency: number; intervalMs: number }) => Politeness[]) {
  describe(name, () => {
    it('never exceeds the per-host concurrency', async () => {
      const { peak } = await exercise(make({ concurrency: 2, intervalMs: 0 }), 'conc.example', 8, 40);
      expect(peak).toBe(2);
    });

    it('keeps the minimum interval between request starts', async () => {
      const { starts } = await exercise(make({ concurrency: 5, intervalMs: 120 }), 'gap.example', 4, 1);
      expect(minGap(starts)).toBeGreaterThanOrEqual(110);
    });

    it('keeps hosts independent', async () => {
      const [limiter] = make({ concurrency: 1, intervalMs: 0 });
      const held = await limiter!.acquire('a.example');
      const other = await Promise.race([limiter!.acquire('b.example'), pause(1000).then(() => null)]);
      expect(other).not.toBeNull();
      other!();
      held();
    });

    it('a penalized host waits for Retry-After', async () => {
      const [limiter] = make({ concurrency: 2, intervalMs: 0 });
      await limiter!.penalize('slow.example', 300);
      const started = Date.now();
      const release = await limiter!.acquire('slow.example');
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      release();
    });

    it('Crawl-delay raises the interval', async () => {
      const limiters = make({ concurrency: 3, intervalMs: 0 });
      await limiters[0]!.setCrawlDelay!('delay.example', 150);
      const { starts } = await exercise(limiters, 'delay.example', 3, 1);
      expect(minGap(starts)).toBeGreaterThanOrEqual(140);
    });

    it('a waiter can be aborted, with the signal reason, and does not take a slot', async () => {
      const [limiter] = make({ concurrency: 1, intervalMs: 0 });
      const held = await limiter!.acquire('abort.example');
      const controller = new AbortController();
      const reason = new Error('stop');
      const waiting = limiter!.acquire('abort.example', controller.signal);
      setTimeout(() => controller.abort(reason), 30);
      await expect(waiting).rejects.toBe(reason);
      held();
      held(); // release is idempotent: a second call must not free a second slot
      const a = await limiter!.acquire('abort.example');
      const b = await Promise.race([limiter!.acquire('abort.example'), pause(250).then(() => null)]);
      expect(b).toBeNull();
      a();
    });
  });
}

behaviour('memory politeness', (opts) => [createMemoryPoliteness(opts)]);

describe('redis politeness (real Redis)', () => {
  const prefix = `gleaner-test:${randomUUID()}:`;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    await client().ping();
  });

  afterAll(async () => {
    const redis = clients[0]!;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  let run = 0;
  // Two "workers" with separate connections and the same prefix share one budget.
  behaviour('two workers sharing Redis', (opts) => {
    const p = `${prefix}${run++}:`;
    return [
      createRedisPoliteness(client(), { ...opts, keyPrefix: p, pollMs: 10 }),
      createRedisPoliteness(client(), { ...opts, keyPrefix: p, pollMs: 10 }),
    ];
  });

  it('a crashed holder loses its slot when the lease expires', async () => {
    const p = `${prefix}lease:`;
    const crashed = createRedisPoliteness(client(), { concurrency: 1, intervalMs: 0, keyPrefix: p, leaseMs: 200, pollMs: 20 });
    const survivor = createRedisPoliteness(client(), { concurrency: 1, intervalMs: 0, keyPrefix: p, leaseMs: 200, pollMs: 20 });
    await crashed.acquire('lease.example'); // never released
    const started = Date.now();
    const release = await survivor.acquire('lease.example');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    release();
  });

  it('keeps its keys in the prefix, hash-tagged per host, with TTLs', async () => {
    const p = `${prefix}keys:`;
    const redis = client();
    const limiter = createRedisPoliteness(redis, { concurrency: 1, intervalMs: 50, keyPrefix: p });
    const release = await limiter.acquire('keys.example');
    expect((await redis.keys(`${p}*`)).sort()).toEqual([`${p}{keys.example}:leases`, `${p}{keys.example}:state`]);
    expect(await redis.pttl(`${p}{keys.example}:leases`)).toBeGreaterThan(0);
    expect(await redis.pttl(`${p}{keys.example}:state`)).toBeGreaterThan(0);
    release();
    await pause(50);
    expect(await redis.zcard(`${p}{keys.example}:leases`)).toBe(0);
  });

  it('two fetchers sharing Redis politeness space their requests to one host', async () => {
    const server = await startHostileServer();
    const p = `${prefix}fetchers:`;
    const opts = { concurrency: 1, intervalMs: 150, keyPrefix: p, pollMs: 10 };
    const a = createFetcher(testConfig(), { politeness: createRedisPoliteness(client(), opts) });
    const b = createFetcher(testConfig(), { politeness: createRedisPoliteness(client(), opts) });
    try {
      // Warm robots.txt first so only page requests are spaced below.
      await a.fetch(`${server.origin}/ok`);
      await b.fetch(`${server.origin}/ok`);
      const from = server.requests.length;
      await Promise.all([a.fetch(`${server.origin}/gzip`), b.fetch(`${server.origin}/br`), a.fetch(`${server.origin}/deflate`), b.fetch(`${server.origin}/xhtml`)]);
      const arrivals = server.requests.slice(from).map((r) => r.at);
      expect(arrivals).toHaveLength(4);
      // Starts are >= 150 ms apart; arrival jitter on a loaded machine is allowed for.
      expect(minGap(arrivals.sort((x, y) => x - y))).toBeGreaterThanOrEqual(100);
    } finally {
      await a.close();
      await b.close();
      await server.close();
    }
  });
});
