import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../errors.ts';
import { describeRoute } from '../openapi/describe-route.ts';
import { readJson } from '../http.ts';
import type { AuthConfig } from './config-schema.ts';
import { MAX_TOKEN_SECONDS, mintPageToken } from './page-token.ts';
import { pageTokenDoc } from './route-docs.ts';

export const pageTokenRequestSchema = z.strictObject({
  /** The ERP user the page acts for. */
  sub: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The company: business number, 10 digits (dashes allowed). */
  com: z.string().check(z.regex(/^\d{3}-?\d{2}-?\d{5}$/, 'must be a 10-digit business number')),
  /** Space-separated scopes, e.g. "iamport:certify smartbill:signup". */
  scope: z.string().check(z.minLength(1), z.maxLength(500)),
  /** Lifetime in seconds, at most 900; default 600. */
  ttlSeconds: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_TOKEN_SECONDS))),
});

export const pageTokenResponseSchema = z.object({
  token: z.string(),
  /** Epoch milliseconds. */
  expiresAt: z.number(),
});

/** Mints with the HS256 secret; an adapter configured with public keys only cannot mint. */
async function mint(config: AuthConfig, body: z.output<typeof pageTokenRequestSchema>, now: number) {
  if (!config.secret) {
    throw new ApiError(503, 'not_configured', 'minting page tokens needs auth.secret (HS256); with public keys the ERP mints them itself');
  }
  return mintPageToken({ ...body, secret: config.secret, audience: config.audience, now });
}

/** `POST /server/page-tokens`: for ERPs without a JWT library (behind the server key guard). */
export function mountServerTokenRoute(server: Hono, config: AuthConfig, now: () => number): void {
  server.post('/page-tokens', describeRoute(pageTokenDoc), async (c) =>
    c.json(await mint(config, await readJson(c, pageTokenRequestSchema), now()), 201),
  );
}

export const sandboxPageTokenRequestSchema = z.strictObject({
  sub: z.optional(pageTokenRequestSchema.shape.sub),
  com: z.optional(pageTokenRequestSchema.shape.com),
  scope: z.optional(pageTokenRequestSchema.shape.scope),
  ttlSeconds: pageTokenRequestSchema.shape.ttlSeconds,
});

export const SANDBOX_TOKEN_DEFAULTS = {
  sub: 'demo-user',
  com: '1208147521',
  scope: 'iamport:certify smartbill:signup smartbill:invoices ecount:read ecount:write ecount:connect',
};

/**
 * `POST {base}/sandbox/page-tokens` (sandbox only): demo pages get a token
 * here, standing in for the ERP's server, so the demo takes the production path.
 */
export function mountSandboxTokenRoute(app: Hono, config: AuthConfig, now: () => number): void {
  app.post('/sandbox/page-tokens', async (c) => {
    // Hono caches the body, so readJson can read it again.
    const body = (await c.req.text()) ? await readJson(c, sandboxPageTokenRequestSchema) : {};
    return c.json(await mint(config, { ...SANDBOX_TOKEN_DEFAULTS, ...body }, now()), 201);
  });
}
