import type { Context } from 'hono';
import * as z from 'zod/mini';
import { assertTenant, getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import { describeIssues } from '../../core/server/http.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import { stripSeparators } from '../../core/shared/validators.ts';
import { signupRequestSchema } from './request-schema.ts';
import { mountSmartbillServerRoutes } from './server-routes.ts';
import {
  checkSignup,
  maxLengthOf,
  signupCreatedSchema,
  signupSchema,
  signupStatusSchema,
  smartbillSite,
  type SignupCreated,
} from '../shared/schema.ts';
import { describeSignupErrors } from '../shared/signup-issues.en.ts';
import type { SmartbillConfig } from './config-schema.ts';
import { type SmartbillCallback, SmartbillSignupStore } from './signup-store.ts';
import { createInvoiceService, mountInvoiceRoutes } from './invoice-routes.ts';
import { queryInt } from '../../core/server/openapi/schemas.ts';

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

const FORM_EXAMPLE = {
  pComRegNo: '1208147521',
  pComName: '주식회사 예시',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'ERP01',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};

const ATTEMPT_ID = /^[0-9a-f-]{36}$/;

/**
 * SmartBill simple signup (seed 000): `POST /smartbill/signups` registers an
 * attempt, `GET /smartbill/signups/:id` reads it (long-poll with `wait`), and
 * `POST /smartbill/callback` receives SmartBill's credentials.
 */
export function mountSmartbillRoutes(
  { provider: app, browser, server }: ProviderRoutes,
  ctx: AdapterContext,
  { config, need, operation }: ProviderSetup<SmartbillConfig>,
) {
  // parseConfig ensured the encryption key wherever SmartBill is configured.
  const state = config && { config, signups: new SmartbillSignupStore(ctx.store, ctx.crypto, ctx.events) };
  mountSmartbillServerRoutes(server, operation, () => need(state).signups, ctx.now);
  const invoices = state && createInvoiceService(ctx, state.config, state.signups);
  mountInvoiceRoutes(browser, ctx, operation, () => need(invoices));
  const callbackDoc = {
    summary: "SmartBill's signup callback (called by SmartBill, not by the ERP)",
    description:
      'JSON (or urlencoded) in the current shape or the older USER_* shape; idempotent. Optional source-IP allow-list (`smartbill.callbackIpAllowList`).',
    auth: 'none',
    body: {
      name: 'SmartbillCallback',
      schema: z.union([currentCallback, legacyCallback]),
      // Read by the handler: JSON or urlencoded, either shape, refused with smartbill_invalid_callback.
      readByHandler: true,
      example: {
        COM_REGNO: '1208147521',
        AUTH_TOKEN: 'EXAMPLE-AUTH-TOKEN',
        AUTH_CODE: 'EXAMPLE-AUTH-CODE',
        SBID: 'sbid-example',
        pID: 'erp-user-1',
        regYn: 'Y',
      },
    },
    responses: {
      200: {
        description: 'Stored (or a replay of one already stored)',
        body: { name: 'SmartbillCallbackAnswer', schema: z.object({ result: z.literal('OK'), duplicate: z.optional(z.literal(true)) }) },
      },
    },
    errors: { smartbill_ip_not_allowed: 403, smartbill_invalid_callback: 400 },
  } as const;
  app.post(
    '/smartbill/callback',
    ...operation(callbackDoc, async (c) => {
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
    }),
  );

  const createDoc = {
    summary: 'Register a SmartBill signup attempt for the page token’s company',
    description:
      '`form` holds the 15 fields of SmartBill’s simple signup (seed 000); a 400 `invalid_request` also carries `fields` (field → issue key).',
    auth: { scope: 'smartbill:signup' },
    body: {
      name: 'SignupRequest',
      schema: signupRequestSchema,
      // The form is checked by the handler against the configured environment's rules, answering per field.
      documented: z.extend(signupRequestSchema, { form: signupSchema('production') }),
      example: { env: 'demo', form: FORM_EXAMPLE },
    },
    responses: {
      201: { description: 'The attempt, and the token to read it with', body: { name: 'SignupCreated', schema: signupCreatedSchema } },
    },
    errors: { smartbill_env_mismatch: 400, invalid_return_url: 400, tenant_mismatch: 403 },
  } as const;
  browser.post(
    '/smartbill/signups',
    ...operation(createDoc, async (c, { body }) => {
      const { config, signups } = need(state);
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
    }),
  );

  // The adapter's return link for the same-window flow: a top-level navigation from SmartBill's last page back to the
  // ERP page that registered the attempt. Only a URL validated at registration is followed (no open redirect).
  const attemptParams = { id: z.string().check(z.regex(ATTEMPT_ID)) };
  const returnDoc = {
    summary: 'Same-window flow: back from SmartBill to the ERP page that registered the attempt',
    auth: 'none',
    params: attemptParams,
    // An id that cannot exist is as unknown as one that does not.
    invalid: notFound,
    responses: { 303: { description: 'To the returnUrl given at registration', headers: { Location: 'The ERP page' } } },
    errors: { not_found: 404 },
  } as const;
  app.get(
    '/smartbill/signups/:id/return',
    ...operation(returnDoc, async (c, { params: { id } }) => {
      const url = await need(state).signups.returnUrlOf(id);
      if (!url) throw notFound();
      return c.redirect(url, 303);
    }),
  );

  const statusDoc = {
    summary: 'Read a signup attempt (long-poll with `wait`)',
    description:
      'Only the ERP user who registered it. `wait` (ms, capped by `smartbill.longPollMs`) holds the answer until the callback lands.',
    auth: { scope: 'smartbill:signup' },
    params: attemptParams,
    query: z.object({
      /** The token returned at registration. */
      token: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
      // Anything but a whole number of milliseconds reads as 0 (no wait), as before the parameter was typed.
      wait: z.optional(
        z.catch(queryInt('Milliseconds to hold the answer until the signup completes, capped by `smartbill.longPollMs`; default 0'), 0),
      ),
    }),
    invalid: notFound,
    responses: { 200: { description: 'The attempt (never the credentials)', body: { name: 'SignupStatus', schema: signupStatusSchema } } },
    errors: { not_found: 404, too_many_long_polls: 429 },
  } as const;
  browser.get(
    '/smartbill/signups/:id',
    ...operation(statusDoc, async (c, { params: { id }, query }) => {
      const { config, signups } = need(state);
      const token = query.token;
      // Only the ERP user who registered the attempt reads it (mode none / a `*` principal: anyone).
      const { sub, com } = getPrincipal(c);
      const owner = { sub: com === '*' ? '*' : sub, com };
      const wait = Math.min(query.wait ?? 0, config.longPollMs);
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
          if (!release) {
            release = polls.acquire(c, ctx.clientIp(c));
            // The wait begins: the line a test (or an operator) waits for to know a callback will now wake it.
            ctx.logger.info('long-poll waiting', { attempt: id, ms: until - Date.now() });
          }
          // Woken by a store notification when a callback for this attempt commits on any instance.
          // A client that went away frees its slot at once.
          const gone = new Promise<void>((r) => c.req.raw.signal?.addEventListener('abort', () => r(), { once: true }));
          await Promise.race([watch!.wait(until - Date.now()), polls.stopping, gone]);
        }
      } finally {
        watch?.stop();
        release?.();
      }
    }),
  );
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
