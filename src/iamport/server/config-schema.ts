import { z } from 'zod';
import { secretSchema } from '../../core/server/config-fields.ts';

/** `config.iamport.portone`: PortOne V2 identity verification (one API secret, no token exchange). */
export const portoneConfigSchema = z.object({
  /** PortOne console → 결제 연동 → 연동 정보 → API Secret. Sent as `Authorization: PortOne <secret>`. */
  apiSecret: secretSchema,
  /** The store whose verifications count; an id verified in another store is refused. */
  storeId: z.string().regex(/^store-[0-9a-f-]{36}$/, 'must be a PortOne store id (store-…)'),
  apiBase: z.url({ protocol: /^https?$/ }).default('https://api.portone.io'),
  timeoutMs: z.number().int().positive().max(60_000).default(10_000),
});
export type PortoneConfig = z.output<typeof portoneConfigSchema>;

/**
 * `config.iamport`: Iamport V1 (`impKey`, `impSecret`), PortOne V2 (`portone`), or both while a company moves.
 * The other keys apply to both: one kept result for the ERP whichever version verified the person.
 */
export const iamportConfigSchema = z
  .object({
    impKey: secretSchema.optional(),
    impSecret: secretSchema.optional(),
    portone: portoneConfigSchema.optional(),
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
  })
  .superRefine((c, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (c.impKey && !c.impSecret) issue('impSecret', 'required with impKey (Iamport V1)');
    else if (c.impSecret && !c.impKey) issue('impKey', 'required with impSecret (Iamport V1)');
    else if (!c.impKey && !c.portone)
      issue('impKey', 'set impKey and impSecret (Iamport V1), portone { apiSecret, storeId } (PortOne V2), or both');
  });

export type IamportConfig = z.output<typeof iamportConfigSchema>;
/** The section when Iamport V1 is configured (its REST calls need both credentials). */
export type IamportV1Config = IamportConfig & { impKey: string; impSecret: string };
