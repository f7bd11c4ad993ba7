import { z } from 'zod';
import { originSchema } from '../../core/server/config-fields.ts';

/** A host name, or `*.example.com` for any subdomain of example.com. */
const hostPattern = z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a host like cert.benecafe.co.kr or *.benecafe.co.kr');
/** An absolute http(s) URL, or a path on the adapter's own origin (`/shop/main`). */
const urlOrPath = z.string().refine((s) => {
  if (s.startsWith('/') && !s.startsWith('//')) return true;
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL or a path starting with /');

/** `config.benecafe`. */
export const benecafeConfigSchema = z.object({
  /**
   * Hosts CUS_URL and CHECKURL may name for every customer (HTTPS only; IPs and localhost are always refused). This is the
   * SSRF guard: no default outside the sandbox (an empty CUS_URL still means https://cert.benecafe.co.kr, per seed 002).
   */
  otpHosts: z.array(hostPattern).min(1).optional(),
  /** More such hosts for one customer company, keyed by its cmpy_cd: `{ "C0001": ["welfare.customer.co.kr"] }`. */
  customerHosts: z.record(z.string().min(1), z.array(hostPattern)).default({}),
  /** Welfare-mall origins allowed to POST the gate (Origin, else Referer): a login/logout CSRF guard. Required outside the sandbox. */
  gateOrigins: z.array(originSchema).optional(),
  /**
   * Refuse a gate whose CFM_CUS_ID differs from the OTP answer's custId (401 benecafe_member_mismatch). Seed 002 never says the
   * two are equal: an assumption, so off by default outside the sandbox.
   */
  matchMember: z.boolean().optional(),
  /** The partner's main page: where a member lands by default. */
  mainUrl: urlOrPath,
  /** Extra origins (besides mainUrl's) that DirectURL and BaroItem pages may be on. */
  partnerOrigins: z.array(originSchema).default([]),
  /** Product page for BaroItem; `{BaroItem}` is replaced by the URL-encoded product code. */
  baroItemUrlTemplate: urlOrPath.refine((s) => s.includes('{BaroItem}'), 'must contain {BaroItem}').optional(),
  /** Hosts POPUPURL (point balance) may be on; HTTPS only. The default is the project's assumption (seed 002 names no host). */
  popupHosts: z.array(hostPattern).default(['*.benecafe.co.kr']),
  /** Gate session lifetime. */
  sessionTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3 * 3600),
  /** Where a person without a session goes back to (the welfare mall). The default is an assumption (seed 002 names no mall URL). */
  welfareMallUrl: urlOrPath.default('https://www.benecafe.co.kr'),
  /** Ask CHECKURL whether the posted CFM_CUS_ID is a member (when Benecafe sends one); POST/urlencoded/plain Y-N are assumed. */
  checkUrl: z.boolean().default(false),
  timeoutMs: z.number().int().positive().max(60_000).default(5_000),
  /** Secure cookie flag; defaults to on outside the sandbox. */
  secureCookie: z.boolean().optional(),
});

export type BenecafeConfig = z.output<typeof benecafeConfigSchema>;
