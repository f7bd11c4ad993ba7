import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { operation } from './operation.ts';
import { buildOpenApiDocument, type DocumentOptions } from './document.ts';

/** The version: package.json is four levels up from src/core/server/openapi/ (the repository's) and from packages/adapter/lib/core/server/openapi/ (the adapter package's). */
const version = (createRequire(import.meta.url)('../../../../package.json') as { version: string }).version;

const openApiDoc = {
  summary: 'This document: OpenAPI 3.1 of the browser routes and the server API',
  description:
    'Public and cacheable (ETag). Generate a client from it, e.g. with openapi-generator or NSwag. `?openapi=3.0`: the same as OpenAPI 3.0, for generators without 3.1 support.',
  auth: 'none',
  query: z.object({ openapi: z.optional(z.enum(['3.1', '3.0'])) }),
  responses: {
    200: { description: 'The OpenAPI document', body: { name: 'OpenApiDocument', schema: z.record(z.string(), z.unknown()) } },
    304: { description: 'Not modified (If-None-Match)' },
  },
} as const;

/**
 * `GET /openapi.json`. Built on the first request, when every route is mounted, from `app.routes` (so it
 * describes exactly the routes this adapter answers, under its base path), then kept: routes never change
 * after start.
 */
export function mountOpenApiRoute(app: Hono, basePath: string, providers: DocumentOptions['providers']): void {
  const cached = new Map<string, { body: string; etag: string }>();
  app.get(
    '/openapi.json',
    ...operation(openApiDoc, (c, { query }) => {
      const openapi = query.openapi ?? '3.1';
      let doc = cached.get(openapi);
      if (!doc) {
        const body = JSON.stringify(buildOpenApiDocument(app.routes, { basePath, version, openapi, providers }));
        doc = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
        cached.set(openapi, doc);
      }
      // No secret in it, and tools such as Swagger Editor read it from other origins.
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cache-Control', 'public, max-age=300');
      c.header('ETag', doc.etag);
      if (c.req.header('if-none-match') === doc.etag) return c.body(null, 304);
      return c.body(doc.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    }),
  );
}
