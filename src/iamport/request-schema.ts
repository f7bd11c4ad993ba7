import * as z from 'zod/mini';

/** The body of `POST /iamport/certifications`, checked by the adapter. */
export const IMP_UID = /^imp_[0-9]{12}$/;
export const MERCHANT_UID = /^[A-Za-z0-9_.:-]{1,80}$/;

export const certifyRequestSchema = z.strictObject({
  imp_uid: z.string().check(z.regex(IMP_UID, 'must look like imp_123456789012')),
  merchant_uid: z.string().check(z.regex(MERCHANT_UID, 'must be 1–80 letters, digits or _.:-')),
});
export type CertifyRequest = z.infer<typeof certifyRequestSchema>;
