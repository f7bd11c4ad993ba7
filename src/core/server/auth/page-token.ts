import { createPrivateKey, type KeyObject } from 'node:crypto';
import { errors, importSPKI, type JWTPayload, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { ApiError } from '../errors.ts';
import type { AuthConfig } from './config-schema.ts';
import type { Principal } from './principal.ts';
import { VerifiedTokens } from './verified-tokens.ts';

/** Longest page-token lifetime (`exp - iat`), and the clock skew tolerated on `iat`/`exp`. */
export const MAX_TOKEN_SECONDS = 15 * 60;
export const CLOCK_SKEW_SECONDS = 60;

const COM = /^\d{10}$/;
const encoder = new TextEncoder();

type VerifyKey = { alg: 'HS256' | 'EdDSA' | 'ES256'; kid?: string; key: Uint8Array | CryptoKey };

const invalid = (why: string) => new ApiError(401, 'token_invalid', `the page token is not valid: ${why}`);

/** Builds a verifier from config: the HS256 secret and/or the ERP's public keys. */
export function createTokenVerifier(config: AuthConfig, now: () => number) {
  const keys: Promise<VerifyKey[]> = Promise.all([
    ...(config.secret ? [Promise.resolve<VerifyKey>({ alg: 'HS256', key: encoder.encode(config.secret) })] : []),
    ...config.publicKeys.map(async (k): Promise<VerifyKey> => ({ alg: k.alg, kid: k.kid, key: await importSPKI(k.pem, k.alg) })),
  ]);

  const verified = new VerifiedTokens(now);

  return async function verify(token: string): Promise<Principal> {
    const known = verified.get(token);
    if (known) return known;
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token) || token.length > 4096) throw invalid('not a JWS compact token');
    let header: { alg?: unknown; kid?: unknown };
    try {
      header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    } catch {
      throw invalid('unreadable header');
    }
    const candidates = (await keys).filter((k) => k.alg === header.alg && (!k.kid || !header.kid || k.kid === header.kid));
    if (!candidates.length) throw invalid(`no configured key for alg ${String(header.alg)}`);
    let payload: JWTPayload | undefined;
    for (const candidate of candidates) {
      try {
        ({ payload } = await jwtVerify(token, candidate.key, {
          algorithms: [candidate.alg],
          audience: config.audience,
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'aud', 'iat', 'exp'],
        }));
        break;
      } catch (err) {
        if (err instanceof errors.JWSSignatureVerificationFailed) continue;
        if (err instanceof errors.JWTExpired)
          throw new ApiError(401, 'token_expired', 'the page token has expired; ask the ERP for a new one');
        if (err instanceof errors.JOSEError)
          throw invalid(err instanceof errors.JWTClaimValidationFailed ? `claim ${err.claim}` : err.code);
        throw err;
      }
    }
    if (!payload) throw invalid('signature');
    const { sub, com, scope, iat, exp } = payload as JWTPayload & { com?: unknown; scope?: unknown };
    if (typeof sub !== 'string' || !sub || sub.length > 200) throw invalid('sub');
    if (typeof com !== 'string' || !COM.test(com)) throw invalid('com must be a 10-digit business number');
    if (typeof scope !== 'string') throw invalid('scope must be a space-separated string');
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > MAX_TOKEN_SECONDS) {
      throw invalid(`exp must be at most ${MAX_TOKEN_SECONDS} s after iat`);
    }
    if (iat > now() / 1000 + CLOCK_SKEW_SECONDS) throw invalid('iat is in the future');
    // jose refuses the token from exp + the tolerated skew on: so does the cache.
    return verified.set(token, { sub, com, scopes: scope.split(' ').filter(Boolean) }, (exp + CLOCK_SKEW_SECONDS) * 1000);
  };
}

export interface MintOptions {
  /** The ERP user. */
  sub: string;
  /** The company (business number, digits; dashes are dropped). */
  com: string;
  /** Scopes, as an array or a space-separated string. */
  scope: string | readonly string[];
  /** Must equal the adapter's `auth.audience` (default `erp-widgets`). */
  audience?: string;
  /** Lifetime, at most 900 (15 min); default 600. */
  ttlSeconds?: number;
  /** HS256 shared secret, or an EdDSA/ES256 private key (PKCS#8 PEM or KeyObject). */
  secret?: string;
  privateKey?: string | KeyObject;
  alg?: 'HS256' | 'EdDSA' | 'ES256';
  kid?: string;
  /** Epoch ms; default Date.now(). */
  now?: number;
}

/** Mints a page token for the ERP's logged-in user (Node ERPs; other languages use their JWT library, see docs). */
export async function mintPageToken(o: MintOptions): Promise<{ token: string; expiresAt: number }> {
  const ttl = o.ttlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_SECONDS) throw new RangeError(`ttlSeconds must be 1–${MAX_TOKEN_SECONDS}`);
  const com = o.com.replace(/-/g, '');
  if (!COM.test(com)) throw new RangeError('com must be a 10-digit business number');
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  const alg = o.alg ?? (o.secret ? 'HS256' : undefined);
  if (!alg) throw new TypeError('mintPageToken needs secret (HS256) or privateKey with alg EdDSA/ES256');
  const key =
    alg === 'HS256' ? encoder.encode(o.secret ?? '') : typeof o.privateKey === 'string' ? createPrivateKey(o.privateKey) : o.privateKey;
  if (!key || (alg === 'HS256' && !o.secret)) throw new TypeError(`mintPageToken: no key for ${alg}`);
  const token = await new SignJWT({ com, scope: typeof o.scope === 'string' ? o.scope : o.scope.join(' ') })
    .setProtectedHeader({ alg, typ: 'JWT', ...(o.kid ? { kid: o.kid } : {}) })
    .setSubject(o.sub)
    .setAudience(o.audience ?? 'erp-widgets')
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(key);
  return { token, expiresAt: (iat + ttl) * 1000 };
}
