import * as z from 'zod/mini';

/**
 * The contract between `<iamport-certify-button>` and `POST /iamport/certifications`,
 * shared by both so they validate alike. zod/mini keeps the browser bundle small.
 */
export const IMP_UID = /^imp_[0-9]{12}$/;
export const MERCHANT_UID = /^[A-Za-z0-9_.:-]{1,80}$/;

export const certifyRequestSchema = /* @__PURE__ */ z.strictObject({
  imp_uid: z.string().check(z.regex(IMP_UID, 'must look like imp_123456789012')),
  merchant_uid: z.string().check(z.regex(MERCHANT_UID, 'must be 1–80 letters, digits or _.:-')),
});
export type CertifyRequest = z.infer<typeof certifyRequestSchema>;

/** What the adapter tells the browser about a verified person: no CI/DI, no secrets. */
export const certifyResultSchema = /* @__PURE__ */ z.object({
  imp_uid: z.string(),
  merchant_uid: z.string(),
  certified_at: z.number(),
  name: z.nullable(z.string()),
  gender: z.nullable(z.enum(['male', 'female'])),
  birthday: z.nullable(z.string()),
  foreigner: z.nullable(z.boolean()),
  phone_masked: z.nullable(z.string()),
  carrier: z.nullable(z.string()),
  pg_provider: z.nullable(z.string()),
});
export type CertifyResult = z.infer<typeof certifyResultSchema>;
