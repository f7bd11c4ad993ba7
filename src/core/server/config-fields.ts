import { z } from 'zod';
import { encryptionKeyBytes } from './crypto.ts';

/** Config value schemas that the core and the providers' config sections share. */

/** An origin: scheme, host, optional port, nothing else. */
export const originSchema = z.string().refine((s) => {
  try {
    return new URL(s).origin === s;
  } catch {
    return false;
  }
}, 'must be an origin like https://erp.example.com (scheme, host, optional port; no path)');

/** A 32-byte AES-256-GCM key written as base64 (44 chars) or hex (64 chars). */
export const encryptionKeySchema = z
  .string()
  .refine((s) => !!encryptionKeyBytes(s), 'must be 32 bytes written as base64 (44 chars) or hex (64 chars)');

/** A non-empty string that is a credential (listed by the provider's `secrets`). */
export const secretSchema = z.string().min(1);
