/** attachJobMetrics on a real BullMQ worker: each job counted once when it ends, retries apart. */
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { attachJobMetrics, createMetricsRecorder, readAggregate } from '../../../src/metrics/aggregate.js';

const prefix = `gtest-jm-${randomUUID().slice(0, 8)}`;
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

it('counts completed, final failures by code, and retries', async () => {
  const queue = new Queue('ingest', { connection: redis, prefix });
  const worker = new Worker('ingest', async (job) => {
    if (job.data.kind === 'permanent') throw new UnrecoverableError('NOT_HTML: a PDF');
    if (job.data.kind === 'retryable') throw new Error('CONNECT_FAILED: refused');
    return { recordId: 'r', outcome: 'stored', duplicateOf: null, stats: { fetchMs: 5, extractMs: 2, storeMs: 1, totalMs: 8, status: 200, bytes: 100, duplicatesRemoved: 0, created: true, contentChanged: false } };
  }, { connection: redis, prefix });
  attachJobMetrics(worker, createMetricsRecorder(redis, { prefix }));
  try {
    await queue.add('x', { kind: 'ok' });
    await queue.add('x', { kind: 'permanent' }, { attempts: 3 });
    await queue.add('x', { kind: 'retryable' }, { attempts: 2 });
    const deadline = Date.now() + 10_000;
    let jobs: Array<{ outcome: string; code: string; value: number }> = [];
    while (Date.now() < deadline) {
      jobs = (await readAggregate(redis, prefix)).jobs;
      if (jobs.reduce((n, j) => n + j.value, 0) >= 4) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(jobs.sort((a, b) => (a.outcome + a.code).localeCompare(b.outcome + b.code))).toEqual([
      { outcome: 'completed', code: '', value: 1 },
      { outcome: 'failed', code: 'CONNECT_FAILED', value: 1 },
      { outcome: 'failed', code: 'NOT_HTML', value: 1 },
      { outcome: 'retried', code: 'CONNECT_FAILED', value: 1 },
    ]);
    const agg = await readAggregate(redis, prefix);
    expect(agg.fetchBytes).toBe(100);
    expect(agg.stages.total.count).toBe(1);
  } finally {
    await worker.close();
    await queue.close();
  }
});
