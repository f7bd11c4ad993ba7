import type { Context } from 'hono';
import * as z from 'zod/mini';
import { assertTenant, getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import { describeIssues, readJson } from '../../core/server/http.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import { stripSeparators } from '../../core/shared/validators.ts';
import { signupRequestSchema } from './request-schema.ts';
import { callbackDoc, signupCreateDoc, signupReturnDoc, signupStatusDoc } from './route-docs.ts';
import { mountSmartbillServerRoutes } from './server-routes.ts';
import { checkSignup, maxLengthOf, smartbillSite, type SignupCreated } from '../shared/schema.ts';
import { describeSignupErrors } from '../shared/signup-issues.en.ts';
import type { SmartbillConfig } from './config-schema.ts';
import { type SmartbillCallback, SmartbillSignupStore } from './signup-store.ts';
import { createInvoiceService, mountInvoiceRoutes } from './invoice-routes.ts';

/** SmartBill's callback source IPs (seed 000). */
export const SMARTBILL_CALLBACK_IPS = { demo: ['58.181.27.5'], production: ['183.111.188.210'] } as const;

const notFound = () => new ApiError(404, 'not_found', 'no such signup attempt');

// ---- callback ---------------------------------------------------------------

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'is missing or empty'), z.maxLength(max, `is longer than ${max} characters`));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max, `is longer than ${max} characters`)));
const yn = z.optional(z.string().check(z.regex(/^[YNyn]$/, 'must be Y or N')));
const comRegNo = z.pipe(
  z.union([z.string(), z.number()]),
  z.pipe(
    z.transform((v: string | number) => stripSeparators(String(v))),
    z.string().check(z.regex(/^\d{10}$/, 'must be 10 digits')),
  ),
);

export const currentCallback = z.looseObject({
  COM_REGNO: comRegNo,
  AUTH_TOKEN: text(2000),
  AUTH_CODE: text(200),
  SBID: text(100),
  pID: text(50),
  Email: optionalText(200),
  regYn: yn,
  regYN: yn,
});

export const legacyCallback = z.looseObject({
  COM_REGNO: z.optional(comRegNo),
  USER_COM_REGNO: z.optional(comRegNo),
  AUTH_TOKEN: z.optional(text(2000)),
  USER_AUTH_TOKEN: z.optional(text(2000)),
  AUTH_CODE: z.optional(text(200)),
  USER_AUTH_CODE: z.optional(text(200)),
  USER_SBID: text(100),
  pID: optionalText(50),
  USER_ID: optionalText(50),
  Email: optionalText(200),
  USER_EMAIL: optionalText(200),
  regYn: yn,
  regYN: yn,
});

/** Either shape → one record; a message naming the bad fields otherwise. */
export function parseCallback(body: unknown): SmartbillCallback | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  const upper = (v: string | undefined) => (v ? v.toUpperCase() : null);
  if ('USER_SBID' in b) {
    const r = z.safeParse(legacyCallback, b);
    if (!r.success) return describeIssues(r.error.issues);
    const d = r.data;
    const com = d.COM_REGNO ?? d.USER_COM_REGNO;
    const token = d.AUTH_TOKEN ?? d.USER_AUTH_TOKEN;
    const code = d.AUTH_CODE ?? d.USER_AUTH_CODE;
    if (!com || !token || !code) return `${!com ? 'COM_REGNO' : !token ? 'AUTH_TOKEN' : 'AUTH_CODE'} is missing or empty`;
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(b)) {
      if (/^USER_[A-Z_]{1,30}$/.test(k) && !/TOKEN|AUTH|SBID|COM_REGNO|EMAIL|^USER_ID$/.test(k) && typeof v === 'string' && v.length <= 200)
        extra[k] = v;
      if (Object.keys(extra).length >= 20) break;
    }
    return {
      COM_REGNO: com,
      AUTH_TOKEN: token,
      AUTH_CODE: code,
      SBID: d.USER_SBID,
      pID: d.pID || d.USER_ID || null,
      Email: d.Email || d.USER_EMAIL || null,
      regYn: upper(d.regYn ?? d.regYN),
      shape: 'legacy',
      extra,
    };
  }
  const r = z.safeParse(currentCallback, b);
  if (!r.success) return describeIssues(r.error.issues);
  const d = r.data;
  if (!d.regYn && !d.regYN) return 'regYn (or regYN) is missing';
  return {
    COM_REGNO: d.COM_REGNO,
    AUTH_TOKEN: d.AUTH_TOKEN,
    AUTH_CODE: d.AUTH_CODE,
    SBID: d.SBID,
    pID: d.pID,
    Email: d.Email || null,
    regYn: upper(d.regYn ?? d.regYN),
    shape: 'current',
    extra: {},
  };
}

async function readCallbackBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  let raw: string;
  try {
    raw = await c.req.text();
  } catch {
    // The client went away mid-body (or sent a broken chunked body): a client error, not ours.
    throw new ApiError(400, 'invalid_request', 'the request body could not be read');
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  }
}

// ---- routes -----------------------------------------------------------------

/**
 * SmartBill simple signup (seed 000): `POST /smartbill/signups` registers an
 * attempt, `GET /smartbill/signups/:id` reads it (long-poll with `wait`), and
 * `POST /smartbill/callback` receives SmartBill's credentials.
 */
export function mountSmartbillRoutes(
  { provider: app, browser, server }: ProviderRoutes,
  ctx: AdapterContext,
  { config, need }: ProviderSetup<SmartbillConfig>,
) {
  // parseConfig ensured the encryption key wherever SmartBill is configured.
  const state = config && { config, signups: new SmartbillSignupStore(ctx.store, ctx.crypto, ctx.events) };
  mountSmartbillServerRoutes(server, () => need(state).signups, ctx.now);
  const invoices = state && createInvoiceService(ctx, state.config, state.signups);
  mountInvoiceRoutes(browser, ctx, () => need(invoices));
  app.post('/smartbill/callback', describeRoute(callbackDoc), async (c) => {
    const { config, signups } = need(state);
    if (config.callbackIpAllowList.enabled ?? !ctx.config.sandbox) {
      const allowed: readonly string[] = config.callbackIpAllowList.ips ?? SMARTBILL_CALLBACK_IPS[config.environment];
      const ip = ctx.clientIp(c);
      if (!ip || !allowed.includes(ip)) {
        ctx.logger.warn('smartbill callback refused', { ip: ip ?? 'unknown' });
        throw new ApiError(403, 'smartbill_ip_not_allowed', 'this source address may not send SmartBill callbacks');
      }
    }
    const parsed = parseCallback(await readCallbackBody(c));
    if (typeof parsed === 'string') throw new ApiError(400, 'smartbill_invalid_callback', parsed);
    const outcome = await signups.recordCallback(parsed, ctx.now());
    if (outcome.duplicate) {
      ctx.logger.info('smartbill callback replayed', {});
      return c.json({ result: 'OK', duplicate: true });
    }
    ctx.logger.info('smartbill callback stored', { seq: outcome.seq, matched: !!outcome.attemptId, shape: parsed.shape });
    return c.json({ result: 'OK' });
  });

  const signupScope = ctx.auth.require('smartbill:signup');
  browser.post('/smartbill/signups', describeRoute(signupCreateDoc), signupScope, async (c) => {
    const { config, signups } = need(state);
    const body = await readJson(c, signupRequestSchema);
    if (body.env && body.env !== config.environment) {
      throw new ApiError(
        400,
        'smartbill_env_mismatch',
        `the adapter is configured for SmartBill ${config.environment}, the form for ${body.env}`,
      );
    }
    const checked = checkSignup(body.form, config.environment);
    if (checked.errors) {
      return c.json({ ...errorBody('invalid_request', describeSignupErrors(checked.errors, maxLengthOf)), fields: checked.errors }, 400);
    }
    // The attempt is for the token's company only: SmartBill's callback completes the newest attempt for COM_REGNO + pID.
    const principal = getPrincipal(c);
    assertTenant(principal, checked.data.pComRegNo);
    const returnUrl = body.returnUrl ? allowedReturnUrl(body.returnUrl, c.req.header('origin'), ctx.config.allowedOrigins) : undefined;
    const { id, token } = await signups.createAttempt(
      { env: config.environment, comRegNo: checked.data.pComRegNo, pID: checked.data.pID, sub: principal.sub, returnUrl },
      ctx.now(),
    );
    const created: SignupCreated = { id, token, env: config.environment, site: config.site ?? smartbillSite(config.environment) };
    return c.json(created, 201);
  });

  // The adapter's return link for the same-window flow: a top-level navigation from SmartBill's last page back to the
  // ERP page that registered the attempt. Only a URL validated at registration is followed (no open redirect).
  app.get('/smartbill/signups/:id/return', describeRoute(signupReturnDoc), async (c) => {
    const { signups } = need(state);
    const id = c.req.param('id');
    const url = /^[0-9a-f-]{36}$/.test(id) ? await signups.returnUrlOf(id) : undefined;
    if (!url) throw notFound();
    return c.redirect(url, 303);
  });

  browser.get('/smartbill/signups/:id', describeRoute(signupStatusDoc), signupScope, async (c) => {
    const { config, signups } = need(state);
    const id = c.req.param('id');
    const token = c.req.query('token') ?? '';
    // Only the ERP user who registered the attempt reads it (mode none / a `*` principal: anyone).
    const { sub, com } = getPrincipal(c);
    const owner = { sub: com === '*' ? '*' : sub, com };
    if (!/^[0-9a-f-]{36}$/.test(id) || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw notFound();
    const wait = Math.min(Math.max(Number(c.req.query('wait')) || 0, 0), config.longPollMs);
    const until = Date.now() + wait;
    const polls = ctx.longPolls;
    let release: (() => void) | undefined;
    // Watching starts before the read, so a callback committed in between still wakes this wait.
    const watch = wait > 0 ? signups.watch(id) : undefined;
    try {
      if (watch) await signups.listening();
      for (;;) {
        const status = await signups.readAttempt(id, token, owner);
        if (!status) throw notFound();
        if (status.status === 'completed' || Date.now() >= until || c.req.raw.signal?.aborted || polls.stopped) return c.json(status);
        // Capped per instance and per client (429); on shutdown the wait ends at once.
        release ??= polls.acquire(c, ctx.clientIp(c));
        // Woken by a store notification when a callback for this attempt commits on any instance.
        // A client that went away frees its slot at once.
        const gone = new Promise<void>((r) => c.req.raw.signal?.addEventListener('abort', () => r(), { once: true }));
        await Promise.race([watch!.wait(until - Date.now()), polls.stopping, gone]);
      }
    } finally {
      watch?.stop();
      release?.();
    }
  });
}

/**
 * A same-window return page must be on the registering page's own origin or an allowed origin (never elsewhere: the
 * return link would otherwise redirect anywhere), over http(s).
 */
function allowedReturnUrl(value: string, origin: string | undefined, allowedOrigins: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(400, 'invalid_return_url', 'returnUrl must be an absolute http(s) URL');
  }
  if (!/^https?:$/.test(url.protocol) || (url.origin !== origin && !allowedOrigins.includes(url.origin))) {
    throw new ApiError(400, 'invalid_return_url', "returnUrl must be on the registering page's origin or an allowed origin");
  }
  return url.href;
}
