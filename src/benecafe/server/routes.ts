import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { BenecafeConfig } from './config-schema.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import { type GateFields, gateFieldsSchema, parseGateFields } from './gate-fields.ts';
import {
  checkMembership,
  DEFAULT_CUS_URL,
  normaliseCusUrl,
  otpCheckUrl,
  type OtpUser,
  outboundUrl,
  SANDBOX_OTP_HOSTS,
  verifyOtp,
} from './otp.ts';
import { resolvePointName } from './pointname.ts';
import { type GateSession, type SessionResponse, sessionResponseSchema } from '../shared/schema.ts';
import { GateSessions } from './session-store.ts';
import { mountBenecafeServerRoutes } from './server-routes.ts';
import { hostAllowed, sameOriginTarget } from './urls.ts';

export const SESSION_COOKIE = 'benecafe_session';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Where the member lands: DirectURL (DirectFlag=Y), the BaroItem product page, else the main page; only on the partner's own origins. */
function landing(fields: GateFields, config: BenecafeConfig, base: string | undefined, ctx: AdapterContext): GateSession['landing'] {
  const main = new URL(config.mainUrl, base);
  const origins = new Set([main.origin, ...config.partnerOrigins]);
  const fallback = (why: string, target: string) => {
    let origin = '';
    try {
      origin = new URL(target, main).origin;
    } catch {
      /* unparsable */
    }
    ctx.logger.warn(`benecafe: ${why} is not on the partner's origins; landing on the main page`, { origin });
    return { kind: 'main' as const, url: main.href };
  };
  if (fields.DirectFlag?.toUpperCase() === 'Y' && fields.DirectURL) {
    const target = sameOriginTarget(fields.DirectURL, main, origins);
    return target ? { kind: 'direct', url: target.href } : fallback('DirectURL', fields.DirectURL);
  }
  const item = fields.BaroItem;
  if (item && config.baroItemUrlTemplate) {
    const raw = config.baroItemUrlTemplate.replaceAll('{BaroItem}', encodeURIComponent(item));
    const target = sameOriginTarget(raw, main, origins);
    return target ? { kind: 'baro', url: target.href, item } : fallback('the BaroItem page', raw);
  }
  return { kind: 'main', url: main.href };
}

/** POPUPURL is shown only when it is HTTPS on an allowed host (the sandbox may also use its own pages). */
function popupUrl(raw: string | undefined, config: BenecafeConfig, base: string | undefined, sandbox: boolean): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw, base);
    if (sandbox && base && url.origin === new URL(base).origin) return url.href;
    return url.protocol === 'https:' && !url.username && !url.port && hostAllowed(url.hostname, config.popupHosts) ? url.href : null;
  } catch {
    return null;
  }
}

/** Benecafe's own record minus anything token-like: kept server-side only. */
function memberRecord(user: OtpUser): Record<string, unknown> {
  return Object.fromEntries(Object.entries(user).filter(([k]) => !/otp|token/i.test(k)));
}

/**
 * CHECKURL (seed 002): asks Benecafe about the cmpyCd, CFM_CUS_ID and userName the mall posted (fields 5–7), not about
 * the OTP answer's custId. The mall sends member fields only the first time and when they change, so without a posted
 * CFM_CUS_ID there is nothing to ask: the check is skipped (the OTP answer already named the member) and logged.
 */
async function confirmMembership(checkUrl: URL | undefined, fields: GateFields, timeoutMs: number, ctx: AdapterContext) {
  if (!checkUrl) return;
  if (!fields.CFM_CUS_ID) {
    ctx.logger.info('benecafe: CHECKURL skipped: the gate form carried no CFM_CUS_ID');
    return;
  }
  const posted = { cmpyCd: fields.cmpy_cd ?? '', CFM_CUS_ID: fields.CFM_CUS_ID, userName: fields.USER_NAME ?? '' };
  if (!(await checkMembership(ctx.fetch, checkUrl, posted, timeoutMs))) {
    throw new ApiError(403, 'benecafe_not_member', 'Benecafe says this person is not a member (CHECKURL: N)');
  }
}

const gateErrorText: Record<string, [string, string]> = {
  benecafe_otp_missing: ['회원 인증 정보가 없습니다.', 'The member token is missing.'],
  benecafe_otp_invalid: ['회원 인증 정보가 올바르지 않습니다.', 'The member token is not valid.'],
  benecafe_otp_used: [
    '이미 사용된 접속 정보입니다. 복지몰에서 다시 들어와 주세요.',
    'This entry link was already used. Please come in again from the welfare mall.',
  ],
  benecafe_not_member: ['복지몰 회원 확인에 실패했습니다.', 'The welfare mall could not confirm your membership.'],
  benecafe_encrypted_params_unsupported: [
    '암호화된 접속 정보는 아직 받을 수 없습니다. 제휴사에 문의해 주세요.',
    'Encrypted entry details are not supported yet. Please contact the partner.',
  ],
};

/** A person's browser gets a page, not JSON, when the gate refuses them. */
function gatePage(c: Context, err: ApiError, mallUrl: string) {
  const [ko, en] = gateErrorText[err.code] ?? [
    '지금은 입장할 수 없습니다. 잠시 후 복지몰에서 다시 시도해주세요.',
    'You cannot enter right now. Please try again from the welfare mall shortly.',
  ];
  return c.html(
    html`<!doctype html>
      <html lang="ko">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>입장할 수 없습니다</title>
        </head>
        <body style="font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
          <main>
            <h1 style="font-size:1.25rem">입장할 수 없습니다 · Cannot enter</h1>
            <p role="alert">${ko}<br /><span lang="en">${en}</span></p>
            <p><small>code: ${err.code}</small></p>
          </main>
          <nav aria-label="복지몰 · Welfare mall"><a href="${mallUrl}">복지몰로 돌아가기 · Back to the welfare mall</a></nav>
        </body>
      </html>`,
    err.status,
  );
}

/**
 * Benecafe partner gate: `POST /benecafe/gate` (provider-facing, no CORS) →
 * OTP check → fresh session → 303 to the landing page; `GET`/`DELETE
 * /benecafe/session` for `<benecafe-gate>`.
 */
export function mountBenecafeRoutes(
  { provider: app, browser, server }: ProviderRoutes,
  ctx: AdapterContext,
  { config, need, operation }: ProviderSetup<BenecafeConfig>,
) {
  const sessions = new GateSessions(ctx.store, ctx.now, ctx.events);
  mountBenecafeServerRoutes(server, operation, sessions);
  const cookiePath = ctx.config.basePath || '/';
  const secure = config?.secureCookie ?? !ctx.config.sandbox;
  const clearCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: cookiePath, secure, httpOnly: true, sameSite: 'Lax' });
  // Absolute links come from config (publicUrl); only the sandbox resolves them against the request's Host.
  const base = (c: Context) => ctx.config.publicUrl ?? (ctx.config.sandbox ? c.req.url : undefined);
  const mallUrl = (c: Context) => (config ? new URL(config.welfareMallUrl, base(c)).href : null);
  const otpHosts = config?.otpHosts ?? (ctx.config.sandbox ? SANDBOX_OTP_HOSTS : []);
  const matchMember = config?.matchMember ?? ctx.config.sandbox;
  const gateOrigins = new Set(config?.gateOrigins ?? []);
  /**
   * Login/logout CSRF guard: only the configured welfare malls may POST the gate (Origin, else Referer's origin).
   * The sandbox also takes its own fake mall page and requests without either header.
   */
  const gateSource = (c: Context): string | undefined => {
    const origin = c.req.header('origin');
    let source = origin;
    if (!origin) {
      try {
        source = new URL(c.req.header('referer') ?? '').origin;
      } catch {
        source = undefined;
      }
    }
    if (source && source !== 'null' && gateOrigins.has(source)) return undefined;
    if (ctx.config.sandbox && (!source || source === 'null' || source === new URL(c.req.url).origin)) return undefined;
    return source ?? 'none';
  };

  const gateDoc = {
    summary: "Benecafe's gate POST (sent by the welfare mall's page, not by the ERP)",
    description:
      'Checks the OTP token with Benecafe, starts a fresh session (cookie `benecafe_session`) and redirects to the landing page. ' +
      'Only from `benecafe.gateOrigins`. A browser (`Accept: text/html`) gets an HTML page instead of the JSON error.',
    auth: 'none',
    // Read by the handler: the origin check and the session reset come first, and a browser gets a page, not JSON.
    body: { name: 'GateForm', schema: gateFieldsSchema, contentType: 'application/x-www-form-urlencoded' },
    responses: {
      303: { description: 'Entered: to the landing page', headers: { Location: 'The landing page', 'Set-Cookie': SESSION_COOKIE } },
    },
    errors: {
      benecafe_origin_not_allowed: 403,
      benecafe_otp_missing: 400,
      benecafe_encrypted_params_unsupported: 400,
      benecafe_insecure_url: 400,
      benecafe_host_not_allowed: 400,
      benecafe_otp_invalid: 401,
      benecafe_otp_used: 401,
      benecafe_member_mismatch: 401,
      benecafe_not_member: 403,
      benecafe_ip_not_allowed: 502,
      upstream_error: 502,
      upstream_timeout: 504,
    },
  } as const;
  app.post(
    '/benecafe/gate',
    ...operation(gateDoc, async (c) => {
      const settings = need(config);
      // Before anything else, and without touching the session: a refused page can neither log in nor log out.
      const refused = gateSource(c);
      if (refused) {
        ctx.logger.warn('benecafe: gate POST from an origin not in benecafe.gateOrigins', { origin: refused.slice(0, 200) });
        const err = new ApiError(403, 'benecafe_origin_not_allowed', 'the gate accepts posts only from the configured welfare malls');
        if (/text\/html/i.test(c.req.header('accept') ?? '')) return gatePage(c, err, mallUrl(c)!);
        throw err;
      }
      // Reset first: whatever happens next, the old session is gone.
      await sessions.delete(getCookie(c, SESSION_COOKIE));
      try {
        const type = (c.req.header('content-type') ?? '').toLowerCase();
        if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/.test(type)) {
          throw new ApiError(415, 'unsupported_media_type', 'the gate takes application/x-www-form-urlencoded or multipart/form-data');
        }
        let body: Record<string, unknown>;
        try {
          body = await c.req.parseBody();
        } catch {
          throw new ApiError(400, 'invalid_request', 'the form body could not be read');
        }
        const fields = parseGateFields(body, ctx.logger);

        // Every URL is checked before the first request: a refused one means no request at all.
        // The operator's hosts for every customer plus this customer's own (cmpy_cd); an empty CUS_URL means Benecafe's cert host.
        const hosts = [...otpHosts, ...(settings.customerHosts[fields.cmpy_cd ?? ''] ?? [])];
        const cusUrl = fields.CUS_URL
          ? outboundUrl('CUS_URL', normaliseCusUrl(fields.CUS_URL), hosts, ctx.logger)
          : outboundUrl('CUS_URL', DEFAULT_CUS_URL, [...hosts, new URL(DEFAULT_CUS_URL).hostname], ctx.logger);
        const checkUrl = settings.checkUrl && fields.CHECKURL ? outboundUrl('CHECKURL', fields.CHECKURL, hosts, ctx.logger) : undefined;
        if (!fields.otpToken) throw new ApiError(400, 'benecafe_otp_missing', 'the OTP token is missing');

        const user = await verifyOtp(ctx.fetch, otpCheckUrl(cusUrl, fields.otpToken), settings.timeoutMs);
        // Who entered is what Benecafe says about the token, never what the (editable) form says.
        const memberKey = str(user.custId) || str(user.mbrNo);
        // CFM_CUS_ID = custId is an assumption (seed 002 does not say so): only with benecafe.matchMember.
        if (matchMember && fields.CFM_CUS_ID && str(user.custId) && fields.CFM_CUS_ID !== str(user.custId)) {
          throw new ApiError(401, 'benecafe_member_mismatch', 'the gate form names another member than the OTP token');
        }
        const name = str(user.mbrNm) || fields.USER_NAME || '';
        const companyKey = fields.cmpy_cd ?? '';
        if (!memberKey) throw new ApiError(502, 'upstream_error', 'Benecafe confirmed the token but named no member');
        await confirmMembership(checkUrl, fields, settings.timeoutMs, ctx);

        const point = resolvePointName(fields.pointname, fields.pointnameBase64, str(user.pntNm) || str(user.moblPntNm));
        if (point.source !== 'pointname' && fields.pointname) ctx.logger.info('benecafe: pointname was garbled', { used: point.source });
        const view = {
          name,
          memberKey,
          companyKey,
          pointName: point.name,
          pointNameCode: fields.pointnamecode ?? '',
          receipt: fields.ReceiptYN?.toUpperCase() === 'Y',
          popupUrl: popupUrl(fields.POPUPURL, settings, base(c), ctx.config.sandbox),
          landing: landing(fields, settings, base(c), ctx),
        };
        const { id, session } = await sessions.create(
          `${companyKey}:${memberKey}`,
          view,
          memberRecord(user),
          settings.sessionTtlSeconds * 1000,
        );
        setCookie(c, SESSION_COOKIE, id, {
          path: cookiePath,
          httpOnly: true,
          secure,
          sameSite: 'Lax',
          maxAge: settings.sessionTtlSeconds,
        });
        return c.redirect(session.landing.url, 303);
      } catch (err) {
        clearCookie(c);
        if (err instanceof ApiError && /text\/html/i.test(c.req.header('accept') ?? '')) {
          if (err.status >= 500) ctx.logger.warn('benecafe gate failed', { code: err.code, message: err.message });
          return gatePage(c, err, mallUrl(c)!);
        }
        throw err;
      }
    }),
  );

  const session = { name: 'GateSessionAnswer', schema: sessionResponseSchema };
  const readDoc = {
    summary: 'The gate session of this browser (for `<benecafe-gate>`)',
    auth: { session: 'gateSession' },
    responses: { 200: { description: 'The session, or none and why', body: session } },
  } as const;
  browser.get(
    '/benecafe/session',
    ...operation(readDoc, async (c) => {
      const found = await sessions.read(getCookie(c, SESSION_COOKIE));
      if (!found.session) clearCookie(c);
      const body: SessionResponse = found.session
        ? { session: found.session, mallUrl: mallUrl(c) }
        : { session: null, reason: found.reason, mallUrl: mallUrl(c) };
      return c.json(body);
    }),
  );

  const deleteDoc = {
    summary: 'Log out of the gate session',
    auth: { session: 'gateSession' },
    responses: { 200: { description: 'No session any more', body: session } },
  } as const;
  browser.delete(
    '/benecafe/session',
    ...operation(deleteDoc, async (c) => {
      await sessions.delete(getCookie(c, SESSION_COOKIE));
      clearCookie(c);
      const body: SessionResponse = { session: null, reason: 'none', mallUrl: mallUrl(c) };
      return c.json(body);
    }),
  );
}
