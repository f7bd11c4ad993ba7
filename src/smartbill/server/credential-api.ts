import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import type { CompanyCredentials, CredentialInput, UnmatchedEntry, UserToken } from './credential-store.ts';
import { tokenExpiry } from './scrape-api-config.ts';
import { epochMs } from '../../core/server/openapi/schemas.ts';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** Milliseconds since the epoch, or an ISO 8601 date-time with its offset. */
const instant = z
  .union([z.number().check(z.int(), z.positive()), z.iso.datetime({ offset: true })])
  .check(z.meta({ description: 'Epoch milliseconds, or an ISO 8601 date-time with its offset' }));

/** `PUT /server/smartbill/credentials/:com_regno`: credentials entered by hand (the non-sync path). */
export const credentialsPutSchema = z.strictObject({
  AUTH_CODE: z.optional(text(200)),
  AUTH_TOKEN: z.optional(text(2000)),
  SBID: z.optional(text(100)),
  /** The ERP user (page token `sub`) whose invoice calls use this AUTH_TOKEN. */
  sub: z.optional(text(200)),
  pID: z.optional(z.string().check(z.maxLength(50))),
  Email: z.optional(z.string().check(z.maxLength(200))),
  regYn: z.optional(z.string().check(z.regex(/^[YN]$/))),
  /** GET_TOKEN's ExpirationDateCode the token was issued with: D 1 day, W 7, H 15, M 30, Q 90, R 180, Y 365, Z permanent, C custom. */
  expirationDateCode: z.optional(z.enum(['D', 'W', 'H', 'M', 'Q', 'R', 'Y', 'Z', 'C'])),
  /** The token's expiry, for code C (or alone, which means C). */
  expiresAt: z.optional(instant),
  /** When the token was issued (default: now); D…Y count from it. */
  issuedAt: z.optional(instant),
});
export type CredentialsPut = z.output<typeof credentialsPutSchema>;

export const adoptSchema = z.strictObject({ sub: z.optional(text(200)) });

const userTokenSchema = z.object({
  SBID: z.string(),
  AUTH_TOKEN: z.string(),
  /** The ERP user (page token `sub`) whose invoice calls use this token. */
  sub: z.nullable(z.string()),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  /** ExpirationDateCode (D/W/H/M/Q/R/Y/Z/C); null when unknown (a signup callback does not say). */
  expirationDateCode: z.nullable(z.string()),
  /** Epoch milliseconds; null when permanent (Z) or unknown. */
  expiresAt: z.nullable(epochMs()),
  source: z.enum(['callback', 'manual', 'get_token']),
  updatedAt: epochMs(),
});

/** The company: its AUTH_CODE, default user (AUTH_TOKEN: that user's, null until one is held) and every user's token. */
const companyCredentialsSchema = z.object({
  COM_REGNO: z.string(),
  AUTH_CODE: z.string(),
  SBID: z.string(),
  AUTH_TOKEN: z.nullable(z.string()),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  /** Always true: callbacks that matched no signup attempt are listed apart (`/credentials/unmatched`). */
  matched: z.literal(true),
  updatedAt: epochMs(),
  users: z.array(userTokenSchema),
});
/** With `?sbid=`: one user. */
const userCredentialsSchema = z.extend(userTokenSchema, { COM_REGNO: z.string(), AUTH_CODE: z.string(), matched: z.literal(true) });

export const unmatchedSchema = z.object({
  /** The callback's number: adopt or discard it by this. */
  seq: z.number(),
  COM_REGNO: z.string(),
  SBID: z.string(),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  shape: z.enum(['current', 'legacy']),
  receivedAt: epochMs(),
});
/** What `GET /server/smartbill/credentials/:com_regno` answers: the company, or with `?sbid=` one user. */
export const credentialsSchema = z.union([companyCredentialsSchema, userCredentialsSchema]);

const ms = (v: number | string) => (typeof v === 'number' ? v : Date.parse(v));
const bad = (code: string, message: string) => new ApiError(400, code, message);

/** The PUT body as a store entry, with the token's expiry worked out; a 400 naming the problem otherwise. */
export function credentialInput(comRegNo: string, body: CredentialsPut, querySbid: string | undefined, now: number): CredentialInput {
  if (querySbid !== undefined && body.SBID !== undefined && querySbid !== body.SBID) {
    throw bad('invalid_request', 'SBID: the body and ?sbid= name different users');
  }
  const sbid = body.SBID ?? querySbid;
  if (!body.AUTH_CODE && !body.AUTH_TOKEN) throw bad('invalid_request', 'body: give AUTH_CODE, AUTH_TOKEN or both');
  const aboutToken = (['sub', 'expirationDateCode', 'expiresAt', 'issuedAt'] as const).filter((k) => body[k] !== undefined);
  if (!body.AUTH_TOKEN && aboutToken.length)
    throw bad('invalid_request', `${aboutToken.join(', ')}: describe AUTH_TOKEN, which is missing`);
  if (body.AUTH_TOKEN && !sbid)
    throw bad('smartbill_sbid_required', 'SBID: an AUTH_TOKEN is per SmartBill user; give SBID in the body or as ?sbid=');
  const code = body.expirationDateCode ?? (body.expiresAt !== undefined ? 'C' : undefined);
  if (code === 'C' && body.expiresAt === undefined)
    throw bad('smartbill_expiry_required', 'expiresAt: expirationDateCode C (custom) needs it');
  if (code !== 'C' && body.expiresAt !== undefined) {
    throw bad('smartbill_expiry_conflict', `expiresAt: only with expirationDateCode C; ${code} is counted from issuedAt`);
  }
  const issuedAt = body.issuedAt === undefined ? now : ms(body.issuedAt);
  if (issuedAt > now + 300_000) throw bad('invalid_request', 'issuedAt: must not be in the future');
  return {
    comRegNo,
    authCode: body.AUTH_CODE,
    authToken: body.AUTH_TOKEN,
    sbid,
    sub: body.sub ?? null,
    pID: body.pID ?? null,
    email: body.Email ?? null,
    regYn: body.regYn ?? null,
    expirationCode: code ?? null,
    expiresAt: code === 'C' ? ms(body.expiresAt!) : code ? tokenExpiry(code, issuedAt) : null,
  };
}

/** One user's token as the server API shows it. */
export const userJson = (u: UserToken) => ({
  SBID: u.sbid,
  AUTH_TOKEN: u.authToken,
  sub: u.sub,
  pID: u.pID,
  Email: u.email,
  regYn: u.regYn,
  expirationDateCode: u.expirationCode,
  expiresAt: u.expiresAt,
  source: u.source,
  updatedAt: u.updatedAt,
});

/** A business number's credentials; AUTH_TOKEN is the default user's (kept for ERPs written before per-user tokens). */
export function companyJson(c: CompanyCredentials) {
  const own = c.users.find((u) => u.sbid === c.sbid);
  return {
    COM_REGNO: c.comRegNo,
    AUTH_CODE: c.authCode,
    SBID: c.sbid,
    AUTH_TOKEN: own?.authToken ?? null,
    pID: c.pID,
    Email: c.email,
    regYn: c.regYn,
    matched: true,
    updatedAt: c.updatedAt,
    users: c.users.map(userJson),
  };
}

/** An unmatched callback, without its secrets. */
export const unmatchedJson = (u: UnmatchedEntry) => ({
  seq: u.seq,
  COM_REGNO: u.comRegNo,
  SBID: u.sbid,
  pID: u.pID,
  Email: u.email,
  regYn: u.regYn,
  shape: u.shape,
  receivedAt: u.receivedAt,
});
