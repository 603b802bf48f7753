/** Job schedulers on the real Redis: upsert changes rather than duplicates, removal, disabled sources. */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSourceSchedulers, syncSchedulers, DISCOVER_QUEUE } from '../../../src/sources/scheduler.js';
import { createSeenMemory } from '../../../src/sources/seen.js';
import { parseSourcesYaml } from '../../../src/sources/schema.js';

const prefix = `gtest-sched-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let queue: Queue;

beforeAll(() => {
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  queue = new Queue(DISCOVER_QUEUE, { connection: redis, prefix });
});
afterAll(async () => {
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const file = (body: string) => parseSourcesYaml(`sources:\n${body}`, '/tmp');

describe('syncSchedulers', () => {
  it('running twice gives one scheduler per source; a changed schedule is updated in place', async () => {
    const sources = file(`
  - {id: feed-a, kind: feed, url: "https://a.example/feed.xml", every: 5m}
  - {id: map-b, kind: sitemap, url: "https://b.example/sitemap.xml", cron: "0 * * * *"}
  - {id: list-c, kind: urls, url: "https://c.example/list.txt", every: 1h}`);
    expect(await syncSchedulers(queue, sources)).toEqual({ upserted: ['feed-a', 'map-b', 'list-c'], removed: [] });
    expect(await syncSchedulers(queue, sources)).toEqual({ upserted: ['feed-a', 'map-b', 'list-c'], removed: [] });
    expect(await queue.getJobSchedulersCount()).toBe(3);

    const changed = file(`
  - {id: feed-a, kind: feed, url: "https://a.example/feed2.xml", every: 10m}
  - {id: map-b, kind: sitemap, url: "https://b.example/sitemap.xml", every: 30s}
  - {id: list-c, kind: urls, url: "https://c.example/list.txt", every: 1h}`);
    await syncSchedulers(queue, changed);
    expect(await queue.getJobSchedulersCount()).toBe(3);
    const now = await listSourceSchedulers(queue);
    expect(now.get('source:feed-a')).toMatchObject({ every: 600_000, source: { url: 'https://a.example/feed2.xml' } });
    expect(now.get('source:map-b')).toMatchObject({ every: 30_000 });
    expect(now.get('source:map-b')?.pattern).toBeUndefined();
  });

  it('a source removed from the file loses its scheduler and memory; a disabled one only its scheduler', async () => {
    const seen = createSeenMemory(redis, { prefix });
    await seen.claim('map-b', [{ url: 'https://b.example/x', version: '' }], 10);
    await seen.claim('list-c', [{ url: 'https://c.example/y', version: '' }], 10);
    const result = await syncSchedulers(queue, file(`
  - {id: feed-a, kind: feed, url: "https://a.example/feed2.xml", every: 10m}
  - {id: list-c, kind: urls, url: "https://c.example/list.txt", every: 1h, enabled: false}`), { seen });
    expect(result.upserted).toEqual(['feed-a']);
    expect(result.removed.sort()).toEqual(['list-c', 'map-b']);
    expect([...(await listSourceSchedulers(queue)).keys()]).toEqual(['source:feed-a']);
    expect(await seen.size('map-b')).toBe(0);
    expect(await seen.size('list-c')).toBe(1);
  });

  it('leaves schedulers that are not ours alone', async () => {
    await queue.upsertJobScheduler('someone-else', { every: 60_000 }, { name: 'x', data: {} });
    await syncSchedulers(queue, []);
    const ids = (await queue.getJobSchedulers()).map((s) => s.id ?? s.key);
    expect(ids).toEqual(['someone-else']);
  });
});
