import { z } from 'zod';

/** A public key the ERP signs page tokens with (its private half never reaches the adapter). */
const publicKeySchema = z.object({
  alg: z.enum(['EdDSA', 'ES256']),
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  pem: z.string().regex(/-----BEGIN PUBLIC KEY-----/, 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)'),
  /** Matched against the token's `kid` header when both are set (key rotation). */
  kid: z.string().min(1).optional(),
});

/** A server key for `/server/…`; long random strings only. */
const serverKey = z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)');

export const authConfigSchema = z.object({
  /**
   * `token` (default): browser routes need a page token. `none` turns the check
   * off (every caller may act for every company); only when written explicitly,
   * and the adapter warns at start.
   */
  mode: z.enum(['token', 'none']).default('token'),
  /** The `aud` page tokens must carry. */
  audience: z.string().min(1).default('erp-widgets'),
  /** HS256 shared secret (at least 32 bytes): the ERP and the adapter both hold it. */
  secret: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  /** EdDSA/ES256 public keys: the ERP keeps the private key. */
  publicKeys: z.array(publicKeySchema).default([]),
  /** Keys for the server API (`Authorization: Bearer …`); several, so one can be rotated out. */
  serverKeys: z.array(serverKey).default([]),
});

export type AuthConfig = z.output<typeof authConfigSchema>;

/** Token mode with no key to verify with: every browser route refuses (fail closed); the adapter warns at start. */
export const hasNoTokenKey = (c: AuthConfig) => c.mode === 'token' && !c.secret && c.publicKeys.length === 0;
