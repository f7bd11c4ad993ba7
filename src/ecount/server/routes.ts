import type { Context, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import { readJson } from '../../core/server/http.ts';
import { getPrincipal } from '../../core/server/auth/index.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import type { EcountConfig } from './config-schema.ts';
import { EcountConnection, retryAfterOf, type EcountCompany } from './connection.ts';
import { describe } from './error-codes.ts';
import { apiDoc, connectDoc, resetDoc, statusDoc } from './route-docs.ts';
import { ecountLoginMetrics } from './metrics.ts';
import type { EcountStatus } from '../shared/status.ts';

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
export function mountEcountRoutes(routes: ProviderRoutes, ctx: AdapterContext, { config, need }: ProviderSetup<EcountConfig>) {
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
  const scoped = (scope: string): MiddlewareHandler => ctx.auth.require(scope);

  /** The company for this request: the page token's `com` picks one of `companies[]`, else the top-level company. */
  const companyFor = (c: Context): EcountConnection => {
    need(config);
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

  app.get('/ecount/status', describeRoute(statusDoc), scoped('ecount:read'), async (c) => c.json(await statusOf(companyFor(c), ctx.now())));

  app.post('/ecount/connect', describeRoute(connectDoc), scoped('ecount:connect'), async (c) => {
    const conn = companyFor(c);
    try {
      await conn.session();
    } catch (err) {
      return answerError(c, err);
    }
    return c.json(await statusOf(conn, ctx.now()));
  });

  // The scope depends on the API: ecount:read for lists and views, ecount:write for saves.
  const apiOf = (c: Context) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname.replace(/^.*?\/ecount\/api\//, ''));
    const api = config && Object.hasOwn(config.apis, path) ? config.apis[path] : undefined;
    if (!api) throw new ApiError(404, 'ecount_api_not_allowed', `the Ecount API "${path}" is not in this adapter's allow-list`);
    return { path, api };
  };
  app.post(
    '/ecount/api/*',
    describeRoute(apiDoc),
    (c, next) => scoped(`ecount:${apiOf(c).api.access}`)(c, next),
    async (c) => {
      const { path, api } = apiOf(c);
      const conn = companyFor(c);
      const body = await readJson(c, z.record(z.string(), z.unknown()));
      try {
        const answer = await conn.call(path, api, body);
        // Ecount's envelope as it is.
        return new Response(answer.text, { status: answer.status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
      } catch (err) {
        return answerError(c, err);
      }
    },
  );

  routes.server.post('/ecount/reset', describeRoute(resetDoc), async (c) => {
    need(config);
    const text = await c.req.text();
    const { comCode } = text ? await readJson(c, z.object({ comCode: z.optional(z.string()) })) : { comCode: undefined };
    let reset = 0;
    for (const co of companies.values()) if (!comCode || co.comCode === comCode) reset += await connection(co).reset();
    return c.json({ reset });
  });
}
