import { AdapterClosingError, ApiError } from '../../core/server/errors.ts';

/** Ecount's answer envelope (seed 003): judge success by `Error`, not by `Status`. */
export interface EcountEnvelope {
  Data?: unknown;
  Status?: string | number;
  Error?: { Code?: number | string; Message?: string; MessageDetail?: string } | null;
  Timestamp?: unknown;
}

export type Environment = 'test' | 'production';

/** Zone API host: `https://sboapi.ecount.com` (test) or `https://oapi.ecount.com`. */
export const zoneHost = (env: Environment) => (env === 'test' ? 'https://sboapi.ecount.com' : 'https://oapi.ecount.com');

/** Host for Login and business calls: `https://{sboapi|oapi}{ZONE}{DOMAIN}`, DOMAIN `.ecount.com` when Zone gave none. */
export function zonedHost(env: Environment, zone: string, domain: string): string {
  // Both come from Ecount's answer: keep them to a host under ecount.com (an odd answer must not send our key elsewhere).
  // ZONE length is our choice: seed 003's Zone table says 6, its Login table 2; we pass on what Zone gave, up to 6.
  if (!/^[A-Za-z0-9]{1,6}$/.test(zone)) throw new ApiError(502, 'upstream_error', 'Ecount answered a ZONE that is not a zone name');
  const d = domain || '.ecount.com';
  if (!/^(\.[a-z0-9-]+)*\.ecount\.com$/i.test(d)) throw new ApiError(502, 'upstream_error', 'Ecount answered a DOMAIN outside ecount.com');
  return `https://${env === 'test' ? 'sboapi' : 'oapi'}${zone}${d}`.toLowerCase();
}

export type RawAnswer =
  | { kind: 'json'; status: number; text: string; body: EcountEnvelope }
  /** 412, or a 3xx ("302 Object Moved"): Ecount enforced a limit. Never followed. */
  | { kind: 'rate_limited'; status: number }
  | { kind: 'not_found' };

/**
 * One POST to Ecount: JSON body as a string (so it goes with a Content-Length:
 * Ecount refuses chunked bodies), redirects returned, not followed.
 */
export async function ecountPost(doFetch: typeof fetch, url: string, body: unknown, timeoutMs: number): Promise<RawAnswer> {
  let res: Response;
  let text: string;
  const payload = JSON.stringify(body);
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)), Accept: 'application/json' },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    if (err instanceof AdapterClosingError) throw err;
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ApiError(504, 'upstream_timeout', `Ecount did not answer within ${timeoutMs} ms`, { cause: err });
    }
    throw new ApiError(502, 'ecount_unreachable', 'Ecount could not be reached', { cause: err });
  }
  if (res.status === 412 || (res.status >= 300 && res.status < 400)) return { kind: 'rate_limited', status: res.status };
  if (res.status === 404) return { kind: 'not_found' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(502, 'upstream_error', `Ecount answered HTTP ${res.status} with a body that is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object') throw new ApiError(502, 'upstream_error', 'Ecount answered in an unexpected shape');
  // A 5xx with Ecount's envelope and an Error (the Zone API's "Status 500, code 100") is an answer, not an outage.
  const env = parsed as EcountEnvelope;
  if (res.status >= 500 && !env.Error) throw new ApiError(502, 'upstream_error', `Ecount answered HTTP ${res.status}`);
  return { kind: 'json', status: res.status, text, body: env };
}

/** Zone's `Data`: ZONE, DOMAIN, EXPIRE_DATE. */
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export function readZone(body: EcountEnvelope): { zone: string; domain: string; expireDate: string } | undefined {
  const d = body.Data as { ZONE?: unknown; DOMAIN?: unknown; EXPIRE_DATE?: unknown } | null | undefined;
  if (!d || typeof d.ZONE !== 'string' || !d.ZONE) return undefined;
  return { zone: d.ZONE, domain: typeof d.DOMAIN === 'string' ? d.DOMAIN : '', expireDate: str(d.EXPIRE_DATE) };
}

/**
 * Login's `Data`: SESSION_ID sits in `Data.Datas.SESSION_ID` (the example) or
 * `Data.SESSION_ID` (the table). Its stated length (50) is not enforced: the
 * seed's own example has 61 characters.
 */
export function readLogin(body: EcountEnvelope): { sessionId: string; expireDate: string; notice: string } | undefined {
  const d = body.Data as
    { Datas?: { SESSION_ID?: unknown }; SESSION_ID?: unknown; EXPIRE_DATE?: unknown; NOTICE?: unknown } | null | undefined;
  if (!d) return undefined;
  const sid = d.Datas?.SESSION_ID ?? d.SESSION_ID;
  if (typeof sid !== 'string' || !sid || sid.length > 500) return undefined;
  return { sessionId: sid, expireDate: str(d.EXPIRE_DATE), notice: str(d.NOTICE) };
}

/**
 * Whether a business call's answer says the session is gone. Seed 003 does
 * not document this answer: we read an Error whose message speaks of login or
 * the session, or a Status 401 (the sandbox answers the former).
 */
export function sessionGone(body: EcountEnvelope): boolean {
  if (String(body.Status) === '401') return true;
  const err = body.Error;
  if (!err) return false;
  return /login|session|로그인|세션/i.test(`${err.Message ?? ''} ${err.MessageDetail ?? ''}`);
}
