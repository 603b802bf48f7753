/**
 * The HTTP API against the real Redis (unique queue prefix) and a real SQLite store:
 * through fastify's inject and through a real listen on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOrError } from '../../../src/extract/index.js';
import { buildApp } from '../../../src/http/app.js';
import { createQueueGateway, type QueueGateway } from '../../../src/http/queue-gateway.js';
import { createMetrics } from '../../../src/metrics/registry.js';
import { createMetricsRecorder } from '../../../src/metrics/aggregate.js';
import { jobIdFor } from '../../../src/queue/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { articleHtml } from '../../helpers/news-site.js';
import { captureLogger, type CapturedLog } from '../../helpers/log-capture.js';

const TOKEN = `tok-${randomUUID()}`;
const prefix = `gtest-http-${randomUUID().slice(0, 8)}`;
const auth = { authorization: `Bearer ${TOKEN}` };

let dir: string;
let store: Store;
let queue: QueueGateway;
let app: FastifyInstance;
let log: CapturedLog;
let redis: Redis;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gleaner-http-'));
  store = await openStore(`sqlite:${join(dir, 'g.db')}`);
  log = captureLogger();
  queue = createQueueGateway({ redisUrl: 'redis://127.0.0.1:6379', prefix, logger: log.logger });
  const metrics = createMetrics({ aggregate: () => queue.aggregate(), queueDepth: () => queue.queueDepth() }, { defaultMetrics: false });
  app = await buildApp({ queue, store, metrics, logger: log.logger, apiToken: TOKEN });
  redis = new Redis('redis://127.0.0.1:6379');
});

afterAll(async () => {
  await app?.close();
  await queue?.close();
  await store?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const post = (payload: unknown, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url: '/v1/urls', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });

describe('authentication', () => {
  it('401 without a token, with a wrong one, and with a malformed header', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }]) {
      const res = await post({ urls: ['http://example.com/a'] }, headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    }
    const job = await app.inject({ method: 'GET', url: '/v1/jobs/u:abc' });
    expect(job.statusCode).toBe(401);
  });

  it('ops endpoints need no token', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});

describe('POST /v1/urls validation', () => {
  it('names each bad URL with its reason, and queues nothing', async () => {
    const good = `http://good.example/${randomUUID()}`;
    const long = `http://long.example/${'a'.repeat(2100)}`;
    const res = await post({ urls: [good, 'ftp://files.example/x', 'http://user:pw@creds.example/', 'not a url', long, 42] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string; details: Array<{ index: number; url: string; reason: string }> } };
    expect(body.error.code).toBe('INVALID_URL');
    expect(body.error.details.map((d) => d.index)).toEqual([1, 2, 3, 4, 5]);
    expect(body.error.details[0]).toEqual({ index: 1, url: 'ftp://files.example/x', reason: 'scheme ftp: is not http or https' });
    expect(body.error.details[1]!.reason).toBe('credentials in URLs are not allowed');
    expect(body.error.details[2]!.reason).toBe('not an absolute URL');
    expect(body.error.details[3]!.reason).toBe('longer than 2048 characters');
    expect(body.error.details[4]!.reason).toBe('not a string');
    expect(body.error.message).toContain('5 invalid URLs');
    expect(body.error.message).toContain('ftp://files.example/x');
    expect(body.error.message).toContain('not a url');
    const status = await app.inject({ url: `/v1/jobs/${encodeURIComponent(jobIdFor(good))}`, headers: auth });
    expect(status.statusCode).toBe(404);
  });

  it.each([
    ['no urls', {}],
    ['empty list', { urls: [] }],
    ['too many', { urls: Array.from({ length: 1001 }, (_, i) => `http://x.example/${i}`) }],
    ['unknown field', { urls: ['http://x.example/'], extra: 1 }],
    ['priority not an integer', { urls: ['http://x.example/'], priority: 'high' }],
    ['priority out of range', { urls: ['http://x.example/'], priority: 0 }],
    ['urls not an array', { urls: 'http://x.example/' }],
  ])('400 BAD_REQUEST: %s', async (_name, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });

  it('400 on malformed JSON, 413 over the body limit', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/urls', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"urls": [' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    const huge = JSON.stringify({ urls: [`http://x.example/${'a'.repeat(3 * 1024 * 1024)}`] });
    const res = await app.inject({ method: 'POST', url: '/v1/urls', headers: { ...auth, 'content-type': 'application/json' }, payload: huge });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('queueing and reading back', () => {
  it('202 queued, then duplicate; job status; 404 for an unknown job', async () => {
    const urls = [`http://news.example/${randomUUID()}`, `http://news.example/${randomUUID()}`];
    const first = await post({ urls, priority: 5 });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ jobs: urls.map((url) => ({ url, jobId: jobIdFor(url), status: 'queued' })) });
    const again = await post({ urls: [urls[0]] });
    expect(again.json()).toEqual({ jobs: [{ url: urls[0], jobId: jobIdFor(urls[0]!), status: 'duplicate' }] });

    const job = await app.inject({ url: `/v1/jobs/${encodeURIComponent(jobIdFor(urls[0]!))}`, headers: auth });
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({ jobId: jobIdFor(urls[0]!), url: urls[0], attempts: 0 });
    expect(['waiting', 'prioritized']).toContain(job.json().state);

    const missing = await app.inject({ url: '/v1/jobs/u:0000', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('GET /v1/records/:id returns the stored record; 404 otherwise', async () => {
    const url = 'http://herald.example/a/7';
    const { record } = extractOrError(articleHtml(7, 'http://herald.example'), url, { finalUrl: url, fetchedAt: new Date().toISOString() });
    await store.upsert(record);
    const res = await app.inject({ url: `/v1/records/${record.id}`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ schema: 'gleaner.article/1', id: record.id, title: 'Harbour plan story 7', paragraphs: record.paragraphs });
    const missing = await app.inject({ url: '/v1/records/nope', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('unknown routes answer 404 in the error format', async () => {
    const res = await app.inject({ url: '/v2/whatever' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

describe('ops', () => {
  it('/readyz reports each check', async () => {
    const res = await app.inject({ url: '/readyz' });
    expect(res.json()).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, store: { ok: true } } });
  });

  it('/metrics: queue depth from Redis and the cluster-wide job series', async () => {
    const recorder = createMetricsRecorder(redis, { prefix });
    await recorder.recordJob({
      outcome: 'completed',
      result: { recordId: 'r1', outcome: 'stored', duplicateOf: 'r0', stats: { fetchMs: 12, extractMs: 30, storeMs: 2, totalMs: 44, status: 200, bytes: 1234, duplicatesRemoved: 2, created: true, contentChanged: false } },
    });
    await recorder.recordJob({ outcome: 'failed', code: 'HTTP_CLIENT_ERROR' });
    await recorder.recordJob({ outcome: 'retried', code: 'CONNECT_FAILED' });
    const res = await app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    const counts = await queue.queueDepth();
    const waiting = (counts.ingest!.waiting ?? 0);
    expect(text).toContain(`gleaner_queue_jobs{queue="ingest",state="waiting"} ${waiting}`);
    expect(text).toContain('gleaner_redis_up 1');
    expect(text).toContain('gleaner_jobs_total{outcome="completed",code=""} 1');
    expect(text).toContain('gleaner_jobs_total{outcome="failed",code="HTTP_CLIENT_ERROR"} 1');
    expect(text).toContain('gleaner_jobs_total{outcome="retried",code="CONNECT_FAILED"} 1');
    expect(text).toContain('gleaner_fetch_bytes_total 1234');
    expect(text).toContain('gleaner_records_stored_total{result="created"} 1');
    expect(text).toContain('gleaner_near_duplicates_total 1');
    expect(text).toContain('gleaner_stage_duration_seconds_bucket{stage="fetch",le="0.025"} 1');
    expect(text).toContain('gleaner_stage_duration_seconds_bucket{stage="fetch",le="0.01"} 0');
    expect(text).toContain('gleaner_stage_duration_seconds_count{stage="total"} 1');
    expect(text).toMatch(/gleaner_http_request_duration_seconds_count\{method="POST",route="\/v1\/urls",status="202"\} \d+/);
  });

  it('/docs/openapi.json is built from the validation schemas', async () => {
    const doc = (await app.inject({ url: '/docs/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const post = doc.paths['/v1/urls'].post;
    const urls = post.requestBody.content['application/json'].schema.properties.urls;
    expect(urls).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', maxLength: 2048, format: 'uri' } });
    expect(post.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '413', '503']));
    expect(doc.paths['/v1/jobs/{jobId}'].get.parameters[0]).toMatchObject({ name: 'jobId', in: 'path', required: true });
    expect(doc.paths['/v1/records/{id}'].get).toBeDefined();
    expect(doc.paths['/readyz'].get).toBeDefined();
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
  });

  it('logs one line per /v1 request and never the token', async () => {
    const before = log.lines.length;
    await post({ urls: [`http://log.example/${randomUUID()}`] });
    await post({ urls: ['http://log.example/'] }, { authorization: `Bearer ${TOKEN}-wrong` });
    await app.inject({ url: '/healthz', headers: auth });
    const lines = log.lines.slice(before);
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === 'http request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: 'POST', route: '/v1/urls', status: 202, urls: 1 });
    expect(requests[1]).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('a real listen on 127.0.0.1', () => {
  it('serves the same API over TCP', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://${randomUUID()}.example/x`;
    const res = await fetch(`${address}/v1/urls`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ urls: [url] }) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ jobs: [{ url, jobId: jobIdFor(url), status: 'queued' }] });
    const denied = await fetch(`${address}/v1/urls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ urls: [url] }) });
    expect(denied.status).toBe(401);
    const big = await fetch(`${address}/v1/urls`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await fetch(`${address}/readyz`)).status).toBe(200);
  });
});
