import type { Context } from 'hono';
import * as z from 'zod/mini';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import { getPrincipal, hasScope, type Principal } from '../../core/server/auth/index.ts';
import { decodeUrlPart } from '../../core/server/malformed-url.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import type { EcountConfig } from './config-schema.ts';
import { EcountConnection, retryAfterOf, type EcountCompany } from './connection.ts';
import { ADAPTER_ERRORS, describe, LOGIN_ERRORS, ZONE_ERRORS } from './error-codes.ts';
import { ecountLoginMetrics } from './metrics.ts';
import { durationSeconds, isoDateTime } from '../../core/server/openapi/schemas.ts';
import type { EcountStatus } from '../shared/status.ts';

const iso = z.nullable(isoDateTime());
/** EcountStatus (status.ts) as a schema; the type check below keeps the two alike. */
const statusSchema = z.object({
  connected: z.boolean(),
  environment: z.enum(['test', 'production']),
  company: z.string(),
  zone: z.nullable(z.string()),
  loggedInAt: iso,
  sessionAgeSeconds: z.nullable(durationSeconds()),
  expireDate: z.nullable(z.string()),
  notice: z.nullable(z.string()),
  blocked: z.boolean(),
  failures: z.number(),
  backoffUntil: iso,
  lastError: z.nullable(
    z.object({
      code: z.string(),
      ecountCode: z.nullable(z.number()),
      at: isoDateTime(),
      message: z.object({ ko: z.string(), en: z.string() }),
    }),
  ),
  limits: z.object({ daily: z.number(), login: z.number(), apis: z.record(z.string(), z.number()) }),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const statusSchemaMatches: Same<z.output<typeof statusSchema>, EcountStatus> = true;

/** Every stable code a login can end in: Ecount's zone/login codes (502) and the adapter's own. */
const SESSION_ERRORS: Record<string, number> = (() => {
  const out: Record<string, number> = {
    tenant_mismatch: 403,
    upstream_error: 502,
    upstream_timeout: 504,
    lease_timeout: 503,
  };
  for (const e of [...Object.values(ZONE_ERRORS), ...Object.values(LOGIN_ERRORS), ...Object.values(ADAPTER_ERRORS)]) out[e.code] = 502;
  out[ADAPTER_ERRORS.rate_limited.code] = 429;
  out[ADAPTER_ERRORS.login_blocked.code] = 503;
  return out;
})();

/** What the status route (and the element's card) shows: never the session or the key. */
export async function statusOf(conn: EcountConnection, now: number): Promise<EcountStatus> {
  const s = await conn.state();
  const connected = !!(s.secret?.sessionId && s.sessionRef);
  const apis: Record<string, number> = {};
  for (const path of Object.keys(conn.config.apis)) apis[path] = await conn.remaining(conn.config.apis[path]!.class, path);
  return {
    connected,
    environment: conn.config.environment,
    company: conn.company.comCode,
    zone: s.secret?.zone ?? null,
    loggedInAt: connected && s.loggedInAt ? new Date(s.loggedInAt).toISOString() : null,
    sessionAgeSeconds: connected && s.loggedInAt ? Math.max(0, Math.round((now - s.loggedInAt) / 1000)) : null,
    expireDate: s.expireDate || null,
    notice: s.notice || null,
    blocked: !!s.blockedAt,
    failures: s.failures,
    backoffUntil: s.backoffUntil && s.backoffUntil > now ? new Date(s.backoffUntil).toISOString() : null,
    lastError: s.lastError
      ? {
          code: s.lastError.code,
          ecountCode: s.lastError.ecountCode ?? null,
          at: new Date(s.lastError.at).toISOString(),
          message: describe(s.lastError.code) ?? { ko: s.lastError.code, en: s.lastError.code },
        }
      : null,
    limits: { daily: await conn.remaining('daily'), login: await conn.remaining('login'), apis },
  };
}

/** The companies this adapter logs in as, by the page token's `com` ('' = the top-level company). */
export function companiesOf(config: EcountConfig): Map<string, EcountCompany> {
  const out = new Map<string, EcountCompany>();
  if (config.comCode && config.userId && config.apiCertKey) {
    out.set('', { comCode: config.comCode, userId: config.userId, apiCertKey: config.apiCertKey, lanType: config.lanType });
  }
  for (const co of config.companies) out.set(co.com, { ...co, lanType: co.lanType ?? config.lanType });
  return out;
}

/**
 * Ecount routes: `GET /ecount/status`, `POST /ecount/connect`, `POST /ecount/api/*`
 * (browser, page-token scopes), and the operator's `POST /server/ecount/reset`.
 */
export function mountEcountRoutes(routes: ProviderRoutes, ctx: AdapterContext, { config, need, operation }: ProviderSetup<EcountConfig>) {
  const app = routes.browser;
  const companies = config ? companiesOf(config) : new Map<string, EcountCompany>();
  const connections = new Map<string, EcountConnection>();
  const onLogin = config ? ecountLoginMetrics(ctx) : undefined;
  const connection = (co: EcountCompany) => {
    let conn = connections.get(co.comCode);
    if (!conn) {
      conn = new EcountConnection(need(config), co, { ...ctx, onLogin });
      connections.set(co.comCode, conn);
    }
    return conn;
  };

  /** The company for this request: the page token's `com` picks one of `companies[]`, else the top-level company. */
  const companyFor = (c: Context): EcountConnection => {
    const com = getPrincipal(c).com;
    const co = companies.get(com) ?? companies.get('') ?? (com === '*' ? [...companies.values()][0] : undefined);
    if (!co) throw new ApiError(403, 'tenant_mismatch', 'no Ecount company is configured for this business number');
    return connection(co);
  };
  /** 429 answers carry Retry-After. */
  const answerError = (c: Context, err: unknown) => {
    const retry = retryAfterOf(err);
    if (err instanceof ApiError && retry !== undefined) {
      return c.json(errorBody(err.code, err.message), 429, { 'Retry-After': String(retry) });
    }
    throw err;
  };

  const status = { name: 'EcountStatus', schema: statusSchema };
  const statusDoc = {
    summary: "The Ecount session for the page token's company: live or not, limits left, last error",
    description: 'Never the session id or the key.',
    auth: { scope: 'ecount:read' },
    responses: { 200: { description: 'The status', body: status } },
    errors: { tenant_mismatch: 403 },
  } as const;
  app.get('/ecount/status', ...operation(statusDoc, async (c) => c.json(await statusOf(companyFor(c), ctx.now()))));

  const connectDoc = {
    summary: 'Log in to Ecount now (or test the live session)',
    description: 'Zone and Login run at most as often as Ecount allows; a 429 carries Retry-After.',
    auth: { scope: 'ecount:connect' },
    responses: { 200: { description: 'The status after connecting', body: status } },
    errors: SESSION_ERRORS,
  } as const;
  app.post(
    '/ecount/connect',
    ...operation(connectDoc, async (c) => {
      const conn = companyFor(c);
      try {
        await conn.session();
      } catch (err) {
        return answerError(c, err);
      }
      return c.json(await statusOf(conn, ctx.now()));
    }),
  );

  const apiOf = (c: Context) => {
    const path = decodeUrlPart(new URL(c.req.url).pathname.replace(/^.*?\/ecount\/api\//, ''));
    const api = config && Object.hasOwn(config.apis, path) ? config.apis[path] : undefined;
    if (!api) throw new ApiError(404, 'ecount_api_not_allowed', `the Ecount API "${path}" is not in this adapter's allow-list`);
    return { path, api };
  };
  const apiDoc = {
    summary: 'Call an allow-listed Ecount API with the session injected',
    description:
      '`path` is the Ecount API path after `/OAPI/V2/` (e.g. `Sale/SaveSale`), from `ecount.apis`. The body is Ecount’s request; the answer is Ecount’s envelope as it is (check its `Error`).',
    auth: {
      scope: ['ecount:read', 'ecount:write'],
      // The scope depends on the API: ecount:read for lists and views, ecount:write for saves. The allow-list is
      // looked up only for a verified token that may use some Ecount API, so nobody else can probe it.
      scopeOf: (c: Context, principal: Principal) => {
        if (!principal.anonymous && !hasScope(principal, 'ecount:read') && !hasScope(principal, 'ecount:write')) {
          throw new ApiError(403, 'scope_missing', 'the page token lacks the scope ecount:read or ecount:write');
        }
        return `ecount:${apiOf(c).api.access}`;
      },
      note: 'Which one depends on the API: `ecount:read` for lists and views, `ecount:write` for saves.',
    },
    body: { name: 'EcountRequest', schema: z.record(z.string(), z.unknown()), example: {} },
    responses: {
      200: {
        description: "Ecount's answer (its own status passes through)",
        body: { name: 'EcountEnvelope', schema: z.record(z.string(), z.unknown()) },
      },
    },
    errors: { ...SESSION_ERRORS, ecount_api_not_allowed: 404, ecount_api_not_found: 502 },
  } as const;
  app.post(
    '/ecount/api/*',
    ...operation(apiDoc, async (c, { body }) => {
      const { path, api } = apiOf(c);
      const conn = companyFor(c);
      try {
        const answer = await conn.call(path, api, body);
        // Ecount's envelope as it is.
        return new Response(answer.text, { status: answer.status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
      } catch (err) {
        return answerError(c, err);
      }
    }),
  );

  const resetDoc = {
    summary: 'Operator reset: clear failures and the login stop, for one company code or all',
    auth: 'serverKey',
    body: { name: 'EcountReset', schema: z.object({ comCode: z.optional(z.string()) }), optional: true, example: {} },
    responses: {
      200: { description: 'How many companies were reset', body: { name: 'EcountResetResult', schema: z.object({ reset: z.number() }) } },
    },
  } as const;
  routes.server.post(
    '/ecount/reset',
    ...operation(resetDoc, async (c, { body }) => {
      const comCode = body?.comCode;
      let reset = 0;
      for (const co of companies.values()) if (!comCode || co.comCode === comCode) reset += await connection(co).reset();
      return c.json({ reset });
    }),
  );
}
