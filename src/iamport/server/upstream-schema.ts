import * as z from 'zod/mini';

/** Iamport REST V1 envelopes, as documented (`code` 0 is success). */
export const envelope = <T extends z.ZodMiniType>(response: T) =>
  z.object({ code: z.number(), message: z.nullable(z.optional(z.string())), response: z.nullable(z.optional(response)) });

export const tokenResponseSchema = envelope(
  z.object({ access_token: z.string().check(z.minLength(1)), expired_at: z.number(), now: z.number() }),
);

export const certificationSchema = z.object({
  imp_uid: z.string(),
  merchant_uid: z.nullable(z.optional(z.string())),
  pg_tid: z.nullable(z.optional(z.string())),
  pg_provider: z.nullable(z.optional(z.string())),
  name: z.nullable(z.optional(z.string())),
  gender: z.nullable(z.optional(z.string())),
  birthday: z.nullable(z.optional(z.string())),
  birth: z.nullable(z.optional(z.number())),
  foreigner: z.nullable(z.optional(z.boolean())),
  foreigner_v2: z.nullable(z.optional(z.boolean())),
  phone: z.nullable(z.optional(z.string())),
  carrier: z.nullable(z.optional(z.string())),
  certified: z.boolean(),
  certified_at: z.number(),
  unique_key: z.nullable(z.optional(z.string())),
  unique_in_site: z.nullable(z.optional(z.string())),
  origin: z.nullable(z.optional(z.string())),
});
export type Certification = z.infer<typeof certificationSchema>;

export const certificationResponseSchema = envelope(certificationSchema);
