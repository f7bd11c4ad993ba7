import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { describeRoute } from './describe-route.ts';
import { buildOpenApiDocument } from './document.ts';

/** The package's version: package.json is three levels up from both src/adapter/openapi/ and lib/adapter/openapi/. */
const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

const openApiDoc = describeRoute(() => ({
  summary: 'This document: OpenAPI 3.1 of the browser routes and the server API',
  description: 'Public and cacheable (ETag). Generate a client from it, e.g. with openapi-generator or NSwag.',
  auth: 'none',
  responses: {
    200: { description: 'The OpenAPI document', body: { name: 'OpenApiDocument', schema: z.record(z.string(), z.unknown()) } },
    304: { description: 'Not modified (If-None-Match)' },
  },
}));

/**
 * `GET /openapi.json`. Built on the first request, when every route is mounted, from `app.routes` (so it
 * describes exactly the routes this adapter answers, under its base path), then kept: routes never change
 * after start.
 */
export function mountOpenApiRoute(app: Hono, basePath: string): void {
  let cached: { body: string; etag: string } | undefined;
  app.get('/openapi.json', openApiDoc, (c) => {
    cached ??= (() => {
      const body = JSON.stringify(buildOpenApiDocument(app.routes, { basePath, version }));
      return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    })();
    // No secret in it, and tools such as Swagger Editor read it from other origins.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('ETag', cached.etag);
    if (c.req.header('if-none-match') === cached.etag) return c.body(null, 304);
    return c.body(cached.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
