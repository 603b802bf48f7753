/**
 * /readyz and the producer when Redis (or the store) is away: 503 with a code, fast,
 * never a hang — and back to ready when the service returns. Redis here is a
 * test-owned redis-server on its own port that the test stops and starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.js';
import { createQueueGateway, type QueueGateway } from '../../../src/http/queue-gateway.js';
import { createMetrics } from '../../../src/metrics/registry.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { freePort, startRedisProcess, type RedisProcess } from '../../helpers/redis-process.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gleaner-ready-'));
  store = await openStore(`sqlite:${join(dir, 'g.db')}`);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function appFor(redisUrl: string, appStore: Store = store): Promise<{ app: FastifyInstance; queue: QueueGateway }> {
  const { logger } = captureLogger('silent');
  const queue = createQueueGateway({ redisUrl, prefix: 'gtest-ready', logger });
  const metrics = createMetrics({ aggregate: () => queue.aggregate(), queueDepth: () => queue.queueDepth() }, { defaultMetrics: false });
  const app = await buildApp({ queue, store: appStore, metrics, logger, readyTimeoutMs: 1000 });
  return { app, queue };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe('Redis unreachable (closed port)', () => {
  it('readyz 503, POST 503 QUEUE_UNAVAILABLE, metrics still answer — all fast', async () => {
    const { app, queue } = await appFor(`redis://127.0.0.1:${await freePort()}`);
    try {
      const ready = await timed(() => app.inject({ url: '/readyz' }));
      expect(ready.value.statusCode).toBe(503);
      expect(ready.value.json()).toMatchObject({ status: 'unavailable', checks: { redis: { ok: false, error: { code: 'QUEUE_UNAVAILABLE' } }, store: { ok: true } }, error: { code: 'QUEUE_UNAVAILABLE' } });
      expect(ready.ms).toBeLessThan(1500);

      const posted = await timed(() => app.inject({ method: 'POST', url: '/v1/urls', payload: { urls: ['http://example.com/a'] } }));
      expect(posted.value.statusCode).toBe(503);
      expect(posted.value.json().error.code).toBe('QUEUE_UNAVAILABLE');
      expect(posted.ms).toBeLessThan(2500);

      const job = await app.inject({ url: '/v1/jobs/u:1' });
      expect(job.statusCode).toBe(503);

      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('gleaner_redis_up 0');
    } finally {
      await app.close();
      await queue.close();
    }
  });
});

describe('the store unreachable', () => {
  it('readyz 503 with STORE_FAILED when PostgreSQL does not answer', async () => {
    const pg = await openStore(`postgres://127.0.0.1:${await freePort()}/nothing`, { connectTimeoutMs: 500 });
    const { app, queue } = await appFor('redis://127.0.0.1:6379', pg);
    try {
      const ready = await timed(() => app.inject({ url: '/readyz' }));
      expect(ready.value.statusCode).toBe(503);
      expect(ready.value.json()).toMatchObject({ checks: { redis: { ok: true }, store: { ok: false, error: { code: 'STORE_FAILED' } } }, error: { code: 'STORE_FAILED' } });
      expect(ready.ms).toBeLessThan(1500);
      const record = await app.inject({ url: '/v1/records/abc' });
      expect(record.statusCode).toBe(503);
      expect(record.json().error.code).toBe('STORE_FAILED');
    } finally {
      await app.close();
      await queue.close();
      await pg.close();
    }
  });
});

describe('Redis stopped and started again', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.dispose();
  });

  it('turns readyz red quickly and back to ready when Redis returns', async () => {
    const { app, queue } = await appFor(redis.url);
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      const posted = await app.inject({ method: 'POST', url: '/v1/urls', payload: { urls: ['http://example.com/before'] } });
      expect(posted.statusCode).toBe(202);

      await redis.stop();
      const down = await timed(() => app.inject({ url: '/readyz' }));
      expect(down.value.statusCode).toBe(503);
      expect(down.ms).toBeLessThan(1500);
      const refused = await timed(() => app.inject({ method: 'POST', url: '/v1/urls', payload: { urls: ['http://example.com/during'] } }));
      expect(refused.value.statusCode).toBe(503);
      expect(refused.value.json().error.code).toBe('QUEUE_UNAVAILABLE');
      expect(refused.ms).toBeLessThan(3500);

      await redis.start();
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await app.inject({ url: '/readyz' })).statusCode;
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
      const after = await app.inject({ method: 'POST', url: '/v1/urls', payload: { urls: ['http://example.com/after'] } });
      expect(after.statusCode).toBe(202);
    } finally {
      await app.close();
      await queue.close();
    }
  });
});
