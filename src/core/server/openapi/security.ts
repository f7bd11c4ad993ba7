import type { OperationAuth, OperationDoc } from './operation.ts';

/** How callers authenticate (`components.securitySchemes`). */
export const SECURITY_SCHEMES = {
  pageToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A page token minted by the ERP for its logged-in user (HS256, or EdDSA/ES256): claims sub, com (business number), scope, aud, iat, exp ≤ 15 min. ' +
      'Mint it with any JWT library, or ask POST /server/page-tokens.',
  },
  serverKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'One of the configured server keys (auth.serverKeys). Refused on requests carrying Origin or any Sec-Fetch-* header (browsers).',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The metrics token (metrics.token) a Prometheus scraper sends to GET /metrics; not a server key.',
  },
};

/** The page-token scopes an operation names (none for the other kinds of auth). */
export function scopesOf(auth: OperationAuth): readonly string[] {
  return typeof auth === 'object' && 'scope' in auth ? [auth.scope].flat() : [];
}

/** The error codes every route of a kind answers, enforced by shared middleware (auth, CORS, rate limits, body parsing). */
export function errorsImplied(doc: OperationDoc): Record<string, number> {
  // Every route refuses a URL with a malformed percent-escape (malformed-url.ts).
  const out: Record<string, number> = { invalid_request: 400 };
  if (doc.body) {
    Object.assign(out, { invalid_request: 400, unsupported_media_type: 415, payload_too_large: 413 });
    if ((doc.body.contentType ?? 'application/json') === 'application/json') out.invalid_json = 400;
  }
  if (scopesOf(doc.auth).length) {
    Object.assign(out, { token_missing: 401, token_invalid: 401, token_expired: 401, scope_missing: 403 });
  }
  // Page-token and session routes are browser routes: CORS allow-list and rate limits.
  if (typeof doc.auth === 'object') Object.assign(out, { origin_not_allowed: 403, rate_limited: 429 });
  if (doc.auth === 'serverKey') {
    Object.assign(out, { server_key_missing: 401, server_key_invalid: 401, browser_not_allowed: 403, not_configured: 503 });
  }
  if (doc.auth === 'metricsToken') Object.assign(out, { metrics_token_missing: 401, metrics_token_invalid: 401 });
  return out;
}
