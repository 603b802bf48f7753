/**
 * The queue face (BullMQ on Redis) used by `gleaner enqueue` / `work`, the HTTP API
 * and scheduled sources:
 *
 *  - `INGEST_QUEUE`, `DEFAULT_QUEUE_PREFIX`: where jobs live (`<prefix>:ingest:*` keys);
 *  - `jobIdFor(url)`: `u-` + 128-bit SHA-256 of the canonical URL — one job per URL;
 *  - `createProducer({redisUrl, logger, prefix?})` → `{enqueue, getJobStatus, counts, close}`;
 *    producers fail fast with QUEUE_UNAVAILABLE when Redis is down;
 *  - `createIngestWorker(...)`: the BullMQ Worker running `ingestOne`.
 */
export { INGEST_QUEUE, DEFAULT_QUEUE_PREFIX, DEFAULT_RETENTION, DEFAULT_RETRY, BACKOFF_TYPE, backoffDelay } from './settings.js';
export type { RetentionSettings, RetrySettings } from './settings.js';
export { jobIdFor, forcedJobIdFor, parseFailedReason } from './jobs.js';
export type { IngestJobData, IngestJobResult, JobState, JobStatus } from './jobs.js';
export { createProducer } from './producer.js';
export type { EnqueueOptions, EnqueueResult, JobCounts, Producer, ProducerOptions } from './producer.js';
export { createIngestWorker, RetryableJobError } from './worker.js';
export type { IngestWorker, IngestWorkerOptions } from './worker.js';
export { createWorkerRedis, connectProducerRedis, redactRedisUrl } from './connection.js';
