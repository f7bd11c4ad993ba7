import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../errors.ts';
import { operation } from '../openapi/operation.ts';
import { epochMs } from '../openapi/schemas.ts';
import { readJson } from '../http.ts';
import type { AuthConfig } from './config-schema.ts';
import { MAX_TOKEN_SECONDS, mintPageToken } from './page-token.ts';

export const pageTokenRequestSchema = z.strictObject({
  /** The ERP user the page acts for. */
  sub: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The company: business number, 10 digits (dashes allowed). */
  com: z.string().check(z.regex(/^\d{3}-?\d{2}-?\d{5}$/, 'must be a 10-digit business number')),
  /** Space-separated scopes, e.g. "iamport:certify smartbill:signup". */
  scope: z.string().check(z.minLength(1), z.maxLength(500)),
  ttlSeconds: z.optional(
    z
      .number()
      .check(z.int(), z.minimum(1), z.maximum(MAX_TOKEN_SECONDS), z.meta({ description: 'Lifetime in seconds, at most 900; default 600' })),
  ),
});

export const pageTokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: epochMs(),
});

/** Mints with the HS256 secret; an adapter configured with public keys only cannot mint. */
async function mint(config: AuthConfig, body: z.output<typeof pageTokenRequestSchema>, now: number) {
  if (!config.secret) {
    throw new ApiError(503, 'not_configured', 'minting page tokens needs auth.secret (HS256); with public keys the ERP mints them itself');
  }
  return mintPageToken({ ...body, secret: config.secret, audience: config.audience, now });
}

/** `POST /server/page-tokens`: for ERPs without a JWT library (behind the server key guard). `scopes`: the providers' (for the example). */
export function mountServerTokenRoute(server: Hono, config: AuthConfig, now: () => number, scopes: readonly string[]): void {
  server.post(
    '/page-tokens',
    ...operation(
      {
        summary: 'Mint a page token for a logged-in ERP user',
        description:
          'For ERPs without a JWT library; needs auth.secret (HS256). Hand the token to the page (element `token` or `tokenProvider`).',
        auth: 'serverKey',
        body: {
          name: 'PageTokenRequest',
          schema: pageTokenRequestSchema,
          example: { sub: 'erp-user-42', com: '1208147521', scope: scopes.slice(0, 2).join(' ') || 'example:scope', ttlSeconds: 600 },
        },
        responses: { 201: { description: 'The token and when it expires', body: { name: 'PageToken', schema: pageTokenResponseSchema } } },
      },
      async (c, { body }) => c.json(await mint(config, body, now()), 201),
    ),
  );
}

export const sandboxPageTokenRequestSchema = z.strictObject({
  sub: z.optional(pageTokenRequestSchema.shape.sub),
  com: z.optional(pageTokenRequestSchema.shape.com),
  scope: z.optional(pageTokenRequestSchema.shape.scope),
  ttlSeconds: pageTokenRequestSchema.shape.ttlSeconds,
});

export const SANDBOX_TOKEN_DEFAULTS = { sub: 'demo-user', com: '1208147521' };

/**
 * `POST {base}/sandbox/page-tokens` (sandbox only): demo pages get a token here, standing in for the ERP's
 * server, so the demo takes the production path. The token carries every provider's scopes unless asked otherwise.
 */
export function mountSandboxTokenRoute(app: Hono, config: AuthConfig, now: () => number, scopes: readonly string[]): void {
  app.post('/sandbox/page-tokens', async (c) => {
    // Hono caches the body, so readJson can read it again.
    const body = (await c.req.text()) ? await readJson(c, sandboxPageTokenRequestSchema) : {};
    return c.json(await mint(config, { ...SANDBOX_TOKEN_DEFAULTS, scope: scopes.join(' '), ...body }, now()), 201);
  });
}
