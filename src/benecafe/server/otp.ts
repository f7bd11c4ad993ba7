import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import type { Logger } from '../../core/server/logger.ts';
import { parseUpstream, upstreamJson, upstreamText } from '../../core/server/upstream.ts';
import { checkOutbound } from './urls.ts';

export const DEFAULT_CUS_URL = 'https://cert.benecafe.co.kr';
/** The sandbox's OTP host allow-list; outside it the operator names the hosts (config `benecafe.otpHosts`/`customerHosts`). */
export const SANDBOX_OTP_HOSTS = ['cert.benecafe.co.kr', '*.benecafe.co.kr'];

/**
 * CUS_URL is the customer company's own welfare-mall domain, and the check
 * always connects over HTTPS (seed 002): `mall.example.co.kr` and
 * `http://mall.example.co.kr/x` both mean `https://mall.example.co.kr/x`.
 * Any other scheme stays as it is and is refused.
 */
export function normaliseCusUrl(raw: string): string {
  const t = raw.trim();
  if (/^http:\/\//i.test(t)) return `https://${t.slice(7)}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t)) return t;
  return `https://${t.replace(/^\/\//, '')}`;
}
export const OTP_PATH = '/sso/vendorUserCertTonken';

const scalar = z.optional(z.nullable(z.union([z.string(), z.number()])));
export const otpAnswerSchema = z.object({
  resultCode: z.union([z.string(), z.number()]),
  message: z.optional(z.nullable(z.string())),
  resultMap: z.optional(
    z.nullable(
      z.object({
        user: z.optional(z.nullable(z.looseObject({ mbrNm: scalar, custId: scalar, mbrNo: scalar, pntNm: scalar, moblPntNm: scalar }))),
      }),
    ),
  ),
});
export type OtpUser = NonNullable<NonNullable<z.infer<typeof otpAnswerSchema>['resultMap']>['user']>;

/**
 * Where a Benecafe-supplied URL may lead, checked before any request: HTTPS,
 * an allow-listed host, never localhost or a private address. Refusals are
 * 400s naming the field and are logged (without the token).
 */
export function outboundUrl(field: 'CUS_URL' | 'CHECKURL', raw: string, hosts: readonly string[], logger: Logger): URL {
  const check = checkOutbound(raw, hosts);
  if (check.ok) return check.url;
  let origin = '';
  try {
    origin = new URL(raw).origin;
  } catch {
    /* malformed: log nothing of it */
  }
  logger.warn('benecafe: refused outbound URL', { field, reason: check.reason, origin });
  if (check.reason === 'insecure') throw new ApiError(400, 'benecafe_insecure_url', `${field} must use https://`);
  throw new ApiError(400, 'benecafe_host_not_allowed', `${field} is not on the adapter's allow-list of Benecafe hosts`);
}

/** The OTP URL: `{CUS_URL}/sso/vendorUserCertTonken?otpTokenp=…` (https://cert.benecafe.co.kr when CUS_URL is empty); CUS_URL's query is dropped. */
export function otpCheckUrl(cusUrl: URL, token: string): string {
  return `${cusUrl.origin}${cusUrl.pathname.replace(/\/+$/, '')}${OTP_PATH}?otpTokenp=${encodeURIComponent(token)}`;
}

/** Checks the single-use OTP token with Benecafe and maps every result code. GET is assumed (the seed names no method). */
export async function verifyOtp(doFetch: typeof fetch, url: string, timeoutMs: number): Promise<OtpUser> {
  const { body } = await upstreamJson(doFetch, 'Benecafe', url, { method: 'GET', headers: { Accept: 'application/json' }, timeoutMs });
  const answer = parseUpstream('Benecafe', otpAnswerSchema, body);
  switch (String(answer.resultCode).trim().toUpperCase()) {
    case 'OK': {
      const user = answer.resultMap?.user;
      if (!user) throw new ApiError(502, 'upstream_error', 'Benecafe confirmed the OTP token but sent no member');
      return user;
    }
    case '400':
      throw new ApiError(400, 'benecafe_otp_missing', 'the OTP token is missing');
    case '401':
      throw new ApiError(401, 'benecafe_otp_invalid', 'the OTP token is not valid');
    case '403':
      throw new ApiError(
        502,
        'benecafe_ip_not_allowed',
        "Benecafe does not allow this server's IP address (resultCode 403): ask e-Xanadu to register it",
      );
    case '404':
      throw new ApiError(401, 'benecafe_otp_used', 'the OTP token was already used or matches no member');
    default:
      throw new ApiError(502, 'upstream_error', `Benecafe answered an unknown resultCode`);
  }
}

/**
 * CHECKURL membership check: cmpyCd, CFM_CUS_ID, userName → `Y` / `N` (seed 002). Assumed, not documented: the POST
 * method, the urlencoded body and a plain-text answer (a JSON string "Y" is also read) — docs/assumptions.md.
 */
export async function checkMembership(
  doFetch: typeof fetch,
  url: URL,
  fields: { cmpyCd: string; CFM_CUS_ID: string; userName: string },
  timeoutMs: number,
): Promise<boolean> {
  const { status, text } = await upstreamText(doFetch, 'Benecafe CHECKURL', url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    timeoutMs,
  });
  const answer = text.trim().replace(/^"|"$/g, '').toUpperCase();
  const ok = status >= 200 && status < 300;
  if (ok && answer === 'Y') return true;
  if (ok && answer === 'N') return false;
  throw new ApiError(502, 'upstream_error', `Benecafe CHECKURL answered HTTP ${status} without Y or N`);
}
