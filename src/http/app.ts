/**
 * The HTTP API (DESIGN.md §3) as a fastify app factory. Everything the app talks to
 * comes in through `deps`, so tests build it against a real Redis and store and use
 * `inject` or a real listen alike.
 *
 * Shape: schemas at the edge (src/http/schemas.ts), one error handler that turns
 * everything into `{"error": {"code", "message"}}` with a §1b code, and /v1 in its
 * own encapsulated plugin carrying the bearer check and the one-line-per-request log.
 */
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { GleanerError, isErrorCode, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/registry.js';
import type { Store } from '../store/index.js';
import { createTokenCheck } from './auth.js';
import { createOpenApiCollector } from './openapi.js';
import type { QueueGateway } from './queue-gateway.js';
import { getJobSchema, getRecordSchema, healthzSchema, metricsSchema, postUrlsSchema, readyzSchema } from './schemas.js';
import { URL_FORMAT, isAcceptableUrl, urlProblem } from './urls.js';

export interface AppDeps {
  queue: QueueGateway;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** Bearer token required on /v1; undefined = no auth (serve allows that on loopback only). */
  apiToken?: string;
  /** Largest request body; default 2.5 MiB (1,000 URLs of 2,048 characters fit). */
  bodyLimit?: number;
  /** Bound on each /readyz check; default 1000 ms. */
  readyTimeoutMs?: number;
}

export const DEFAULT_BODY_LIMIT = 2.5 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code answered, for the request log line. */
    errorCode: string | null;
  }
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  INVALID_URL: 400,
  INVALID_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  QUEUE_UNAVAILABLE: 503,
  STORE_FAILED: 503,
};

interface UrlDetail {
  index: number;
  url: string;
  reason: string;
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: UrlDetail[]) {
  request.errorCode = code;
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="gleaner"');
  return reply.code(status).type('application/json').send({ error: { code, message, ...(details ? { details } : {}) } });
}

const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A validation failure on POST /v1/urls: name every bad URL and why. */
function invalidUrls(request: FastifyRequest, validation: NonNullable<FastifyError['validation']>): UrlDetail[] | null {
  const urls = (request.body as { urls?: unknown } | null)?.urls;
  if (!Array.isArray(urls)) return null;
  const indexes = new Set<number>();
  for (const v of validation) {
    const m = /^\/urls\/(\d+)$/.exec(v.instancePath);
    if (m) indexes.add(Number(m[1]));
  }
  if (indexes.size === 0) return null;
  return [...indexes].sort((a, b) => a - b).map((index) => {
    const value: unknown = urls[index];
    return { index, url: typeof value === 'string' ? clip(value, 2100) : JSON.stringify(value) ?? String(value), reason: urlProblem(value) ?? 'invalid' };
  });
}

async function within<T>(promise: Promise<T>, ms: number, timeoutError: () => GleanerError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(timeoutError()), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const readyTimeoutMs = deps.readyTimeoutMs ?? 1000;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Fastify's own two lines per request are off: /v1 gets exactly one, below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    ajv: {
      customOptions: {
        // Every bad URL is reported, not only the first; bodies are capped, so this stays cheap.
        allErrors: true,
        // Unknown fields are an error, not silently dropped; no type coercion of JSON bodies.
        removeAdditional: false,
        coerceTypes: false,
        formats: { [URL_FORMAT]: isAcceptableUrl },
      },
    },
  }) as unknown as FastifyInstance;

  app.decorateRequest('errorCode', null);
  const openapi = createOpenApiCollector();
  app.addHook('onRoute', (route) => openapi.onRoute(route, route.url.startsWith('/v1/')));

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const details = request.routeOptions.url === '/v1/urls' ? invalidUrls(request, error.validation) : null;
      if (details !== null) {
        const listed = details.slice(0, 20).map((d) => `${clip(d.url)} (${d.reason})`).join('; ');
        const more = details.length > 20 ? `; and ${details.length - 20} more` : '';
        return sendError(request, reply, 400, 'INVALID_URL', `${details.length} invalid URL${details.length === 1 ? '' : 's'}: ${listed}${more}`, details);
      }
      return sendError(request, reply, 400, 'BAD_REQUEST', error.message);
    }
    if (error instanceof GleanerError) {
      const status = STATUS_OF[error.code] ?? 500;
      if (status >= 500) request.log.warn({ code: error.code, err: error.message }, 'request failed');
      return sendError(request, reply, status, error.code, error.message);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return sendError(request, reply, 413, 'PAYLOAD_TOO_LARGE', `request body over the ${app.initialConfig.bodyLimit} byte limit`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = isErrorCode(error.code) ? error.code : 'BAD_REQUEST';
      return sendError(request, reply, status, code, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, 'INTERNAL', 'internal error');
  });

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'NOT_FOUND', `no route ${request.method} ${clip(request.url.split('?')[0] ?? '', 100)}`));

  // ---- ops endpoints: no token (probes and Prometheus scrape them) ----
  app.get('/healthz', { schema: healthzSchema }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: readyzSchema }, async (_request, reply) => {
    const check = async (fn: () => Promise<void>, code: ErrorCode, what: string) => {
      const started = performance.now();
      try {
        await within(fn(), readyTimeoutMs, () => new GleanerError(code, `${what} did not answer within ${readyTimeoutMs} ms`));
        return { ok: true, ms: Math.round(performance.now() - started) };
      } catch (err) {
        const e = err instanceof GleanerError ? err : new GleanerError(code, (err as Error).message);
        return { ok: false, ms: Math.round(performance.now() - started), error: { code: e.code, message: e.message } };
      }
    };
    const [redis, store] = await Promise.all([
      check(() => deps.queue.ping(readyTimeoutMs), 'QUEUE_UNAVAILABLE', 'Redis'),
      check(() => deps.store.ping(), 'STORE_FAILED', 'the store'),
    ]);
    const failed = !redis.ok ? redis : !store.ok ? store : null;
    if (failed === null) return { status: 'ready', checks: { redis, store } };
    return reply.code(503).send({ status: 'unavailable', checks: { redis, store }, error: failed.error });
  });

  app.get('/metrics', { schema: metricsSchema as Record<string, unknown> }, async (_request, reply) => {
    const text = await deps.metrics.render();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });

  app.get('/docs/openapi.json', { schema: { hide: true } as Record<string, unknown> }, async () => openapi.document());

  // ---- /v1: bearer token, one log line per request ----
  await app.register(
    async (v1) => {
      const tokenOk = deps.apiToken === undefined ? null : createTokenCheck(deps.apiToken);
      v1.addHook('onRequest', async (request, reply) => {
        if (tokenOk !== null && !tokenOk(request.headers.authorization)) {
          return sendError(request, reply, 401, 'UNAUTHORIZED', 'a valid bearer token is required (Authorization: Bearer <GLEANER_API_TOKEN>)');
        }
      });
      v1.addHook('onResponse', async (request, reply) => {
        const urls = (request.body as { urls?: unknown } | undefined)?.urls;
        // Only what is safe to log: never headers (the token), never the body's URLs themselves.
        request.log.info({
          reqId: request.id,
          method: request.method,
          route: request.routeOptions.url ?? null,
          path: clip(request.url.split('?')[0] ?? '', 200),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ...(Array.isArray(urls) ? { urls: urls.length } : {}),
          ...(request.errorCode !== null ? { code: request.errorCode } : {}),
        }, 'http request');
      });

      v1.post('/urls', { schema: postUrlsSchema }, async (request, reply) => {
        const body = request.body as { urls: string[]; priority?: number };
        const jobs = await deps.queue.enqueue(body.urls.map((u) => u.trim()), body.priority !== undefined ? { priority: body.priority } : {});
        return reply.code(202).send({ jobs });
      });

      v1.get('/jobs/:jobId', { schema: getJobSchema }, async (request) => {
        const { jobId } = request.params as { jobId: string };
        const status = await deps.queue.getJobStatus(jobId);
        if (status === null) throw new GleanerError('NOT_FOUND', `no job ${clip(jobId, 100)} (unknown, or removed after the retention window)`);
        return status;
      });

      v1.get('/records/:id', { schema: getRecordSchema }, async (request) => {
        const { id } = request.params as { id: string };
        const record = await deps.store.get(id);
        if (record === null) throw new GleanerError('NOT_FOUND', `no record ${clip(id, 100)}`);
        return record;
      });
    },
    { prefix: '/v1' },
  );

  return app;
}
