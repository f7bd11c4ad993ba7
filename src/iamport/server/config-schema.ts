import { z } from 'zod';
import { secretSchema } from '../../core/server/config-fields.ts';

/** `config.iamport`. */
export const iamportConfigSchema = z.object({
  impKey: secretSchema,
  impSecret: secretSchema,
  apiBase: z.url({ protocol: /^https?$/ }).default('https://api.iamport.kr'),
  timeoutMs: z.number().int().positive().max(60_000).default(10_000),
  /** Fields of a verified certification kept in the store. */
  storeFields: z
    .array(
      z.enum([
        'imp_uid',
        'merchant_uid',
        'unique_key',
        'unique_in_site',
        'certified_at',
        'name',
        'phone',
        'birthday',
        'gender',
        'pg_provider',
      ]),
    )
    .default(['imp_uid', 'merchant_uid', 'unique_key', 'unique_in_site', 'certified_at']),
  /** Keep CI/DI (unique_key, unique_in_site) in clear text; by default only keyed HMACs are stored (lookup still works). */
  plainIdentifiers: z.boolean().default(false),
  /** Refuse people younger than this, checked server-side (the browser's min-age is only a hint). */
  minAge: z.number().int().min(0).max(150).optional(),
  /** Let pages with no logged-in user (signup pages) verify a person without a page token; bound to merchant_uid only. */
  anonymous: z.boolean().default(false),
});

export type IamportConfig = z.output<typeof iamportConfigSchema>;
