import * as z from 'zod/mini';
import type { OperationDoc } from '../../core/server/openapi/describe-route.ts';
import { ADAPTER_ERRORS, LOGIN_ERRORS, ZONE_ERRORS } from './error-codes.ts';
import type { EcountStatus } from '../shared/status.ts';

const iso = z.nullable(z.string());
/** EcountStatus (status.ts) as a schema; the type check below keeps the two alike. */
const statusSchema = z.object({
  connected: z.boolean(),
  environment: z.enum(['test', 'production']),
  company: z.string(),
  zone: z.nullable(z.string()),
  loggedInAt: iso,
  sessionAgeSeconds: z.nullable(z.number()),
  expireDate: z.nullable(z.string()),
  notice: z.nullable(z.string()),
  blocked: z.boolean(),
  failures: z.number(),
  backoffUntil: iso,
  lastError: z.nullable(
    z.object({
      code: z.string(),
      ecountCode: z.nullable(z.number()),
      at: z.string(),
      message: z.object({ ko: z.string(), en: z.string() }),
    }),
  ),
  limits: z.object({ daily: z.number(), login: z.number(), apis: z.record(z.string(), z.number()) }),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const statusSchemaMatches: Same<z.output<typeof statusSchema>, EcountStatus> = true;

/** Every stable code a login can end in: Ecount's zone/login codes (502) and the adapter's own. */
function sessionErrors(): Record<string, number> {
  const out: Record<string, number> = {
    not_configured: 503,
    tenant_mismatch: 403,
    upstream_error: 502,
    upstream_timeout: 504,
    lease_timeout: 503,
  };
  for (const e of [...Object.values(ZONE_ERRORS), ...Object.values(LOGIN_ERRORS), ...Object.values(ADAPTER_ERRORS)]) out[e.code] = 502;
  out[ADAPTER_ERRORS.rate_limited.code] = 429;
  out[ADAPTER_ERRORS.login_blocked.code] = 503;
  return out;
}

const status = { name: 'EcountStatus', schema: statusSchema };

export const statusDoc = (): OperationDoc => ({
  summary: "The Ecount session for the page token's company: live or not, limits left, last error",
  description: 'Never the session id or the key.',
  auth: { scope: 'ecount:read' },
  responses: { 200: { description: 'The status', body: status } },
  errors: { not_configured: 503, tenant_mismatch: 403 },
});

export const connectDoc = (): OperationDoc => ({
  summary: 'Log in to Ecount now (or test the live session)',
  description: 'Zone and Login run at most as often as Ecount allows; a 429 carries Retry-After.',
  auth: { scope: 'ecount:connect' },
  responses: { 200: { description: 'The status after connecting', body: status } },
  errors: sessionErrors(),
});

export const apiDoc = (): OperationDoc => ({
  summary: 'Call an allow-listed Ecount API with the session injected',
  description:
    '`path` is the Ecount API path after `/OAPI/V2/` (e.g. `Sale/SaveSale`), from `ecount.apis`. The body is Ecount’s request; the answer is Ecount’s envelope as it is (check its `Error`).',
  auth: {
    scope: ['ecount:read', 'ecount:write'],
    note: 'Which one depends on the API: `ecount:read` for lists and views, `ecount:write` for saves.',
  },
  body: { name: 'EcountRequest', schema: z.record(z.string(), z.unknown()), example: {} },
  responses: {
    200: {
      description: "Ecount's answer (its own status passes through)",
      body: { name: 'EcountEnvelope', schema: z.record(z.string(), z.unknown()) },
    },
  },
  errors: { ...sessionErrors(), ecount_api_not_allowed: 404, ecount_api_not_found: 502 },
});

export const resetDoc = (): OperationDoc => ({
  summary: 'Operator reset: clear failures and the login stop, for one company code or all',
  auth: 'serverKey',
  body: { name: 'EcountReset', schema: z.object({ comCode: z.optional(z.string()) }), optional: true, example: {} },
  responses: {
    200: { description: 'How many companies were reset', body: { name: 'EcountResetResult', schema: z.object({ reset: z.number() }) } },
  },
});
