/**
 * OpenAPI 3.1 document built from the routes' own schemas, collected with fastify's
 * onRoute hook as the routes are registered — the validation schemas and the
 * published description cannot drift apart.
 */
import type { RouteOptions } from 'fastify';
import { VERSION } from '../config.js';
import { URL_FORMAT } from './urls.js';

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  secured: boolean;
}

export interface OpenApiCollector {
  onRoute(route: RouteOptions, secured: boolean): void;
  document(): Record<string, unknown>;
}

/** Our custom format becomes a standard one plus a note (other tools do not know ours). */
function publishable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(publishable);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = publishable(value);
  if (out.format === URL_FORMAT) {
    out.format = 'uri';
    out.description = 'absolute http(s) URL with a host and no credentials';
  }
  return out;
}

export function createOpenApiCollector(): OpenApiCollector {
  const routes: CollectedRoute[] = [];
  return {
    onRoute(route, secured) {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (schema === undefined || (schema as { hide?: boolean }).hide === true) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD') continue;
        routes.push({ method: method.toLowerCase(), url: route.url, schema, secured });
      }
    },
    document() {
      const paths: Record<string, Record<string, unknown>> = {};
      for (const r of routes) {
        const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        const params = r.schema.params as { properties?: Record<string, unknown>; required?: string[] } | undefined;
        const responses: Record<string, unknown> = {};
        for (const [status, body] of Object.entries((r.schema.response ?? {}) as Record<string, unknown>)) {
          const type = (r.schema.produces as string[] | undefined)?.[0] ?? 'application/json';
          responses[status] = { description: (body as { description?: string }).description ?? `HTTP ${status}`, content: { [type]: { schema: publishable(body) } } };
        }
        if (Object.keys(responses).length === 0) {
          const type = (r.schema.produces as string[] | undefined)?.[0] ?? 'application/json';
          responses['200'] = { description: 'OK', content: { [type]: { schema: { type: 'string' } } } };
        }
        paths[path] ??= {};
        paths[path][r.method] = {
          summary: r.schema.summary,
          ...(r.schema.description ? { description: r.schema.description } : {}),
          ...(params?.properties
            ? {
                parameters: Object.entries(params.properties).map(([name, schema]) => ({
                  name, in: 'path', required: params.required?.includes(name) ?? false, schema: publishable(schema),
                })),
              }
            : {}),
          ...(r.schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: publishable(r.schema.body) } } } } : {}),
          responses,
          ...(r.secured ? { security: [{ bearerAuth: [] }] } : {}),
        };
      }
      return {
        openapi: '3.1.0',
        info: { title: 'Gleaner API', version: VERSION, description: 'Queue news article URLs for ingestion and read the records.' },
        paths,
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'GLEANER_API_TOKEN' } } },
      };
    },
  };
}
