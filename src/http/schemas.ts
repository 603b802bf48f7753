/**
 * JSON schemas of the HTTP API: fastify validates requests and serializes responses
 * with them, and /docs/openapi.json is generated from them — one source for both.
 */
import { MAX_URL_LENGTH } from '../url.js';
import { URL_FORMAT } from './urls.js';

export const MAX_URLS_PER_REQUEST = 1000;
export const MAX_PRIORITY = 2_097_152; // BullMQ's highest priority value (2^21)

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'A stable code (DESIGN.md §1b), e.g. INVALID_URL, UNAUTHORIZED, QUEUE_UNAVAILABLE' },
        message: { type: 'string' },
        details: {
          type: 'array',
          description: 'INVALID_URL: each rejected URL with its position and the reason',
          items: {
            type: 'object',
            properties: { index: { type: 'integer' }, url: { type: 'string' }, reason: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

const errorInfoSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, status: { type: 'integer' } },
} as const;

export const postUrlsSchema = {
  summary: 'Queue URLs for ingestion',
  description: `1 to ${MAX_URLS_PER_REQUEST} absolute http(s) URLs (no credentials, at most ${MAX_URL_LENGTH} characters). ` +
    'A URL already queued, or ingested within the retention window, is reported as "duplicate".',
  body: {
    type: 'object',
    required: ['urls'],
    additionalProperties: false,
    properties: {
      urls: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_URLS_PER_REQUEST,
        items: { type: 'string', maxLength: MAX_URL_LENGTH, format: URL_FORMAT },
      },
      priority: { type: 'integer', minimum: 1, maximum: MAX_PRIORITY, description: '1 is the highest; omitted = normal order' },
    },
  },
  response: {
    202: {
      type: 'object',
      required: ['jobs'],
      properties: {
        jobs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['url', 'jobId', 'status'],
            properties: {
              url: { type: 'string' },
              jobId: { type: 'string' },
              status: { type: 'string', enum: ['queued', 'duplicate'] },
            },
          },
        },
      },
    },
    400: errorSchema,
    401: errorSchema,
    413: errorSchema,
    503: errorSchema,
  },
} as const;

export const getJobSchema = {
  summary: 'State of an ingest job',
  params: {
    type: 'object',
    required: ['jobId'],
    properties: { jobId: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  response: {
    200: {
      type: 'object',
      required: ['jobId', 'url', 'state', 'attempts'],
      properties: {
        jobId: { type: 'string' },
        url: { type: 'string' },
        state: { type: 'string', enum: ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children', 'unknown'] },
        attempts: { type: 'integer' },
        recordId: { type: 'string' },
        error: errorInfoSchema,
      },
    },
    401: errorSchema,
    404: errorSchema,
    503: errorSchema,
  },
} as const;

export const getRecordSchema = {
  summary: 'A stored article record (schema gleaner.article/1)',
  params: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  response: {
    200: { type: 'object', additionalProperties: true, description: 'The record as DESIGN.md §1 defines it' },
    401: errorSchema,
    404: errorSchema,
    503: errorSchema,
  },
} as const;

const checkSchema = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, ms: { type: 'number' }, error: errorInfoSchema },
} as const;

const readySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    checks: { type: 'object', properties: { redis: checkSchema, store: checkSchema } },
    error: errorInfoSchema,
  },
} as const;

export const readyzSchema = {
  summary: 'Readiness: Redis and the store answer within a short timeout',
  response: { 200: readySchema, 503: readySchema },
} as const;

export const healthzSchema = {
  summary: 'Liveness: the process answers',
  response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
} as const;

export const metricsSchema = {
  summary: 'Prometheus metrics (text exposition format)',
  produces: ['text/plain'],
} as const;
