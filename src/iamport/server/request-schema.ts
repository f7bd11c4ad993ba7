import * as z from 'zod/mini';

/**
 * The body of `POST /iamport/certifications`, checked by the adapter.
 * Assumptions (Iamport documents neither format): an imp_uid is `imp_` and
 * 1–64 letters or digits (seen: `imp_` + 12 digits); a merchant_uid is the
 * merchant's own id, 1–40 printable characters (no control characters).
 */
export const IMP_UID = /^imp_[A-Za-z0-9]{1,64}$/;
export const MERCHANT_UID = /^[^\p{C}]{1,40}$/u;

export const certifyRequestSchema = z.strictObject({
  imp_uid: z.string().check(z.regex(IMP_UID, 'must be imp_ followed by 1–64 letters or digits')),
  merchant_uid: z.string().check(z.regex(MERCHANT_UID, 'must be 1–40 printable characters')),
});
export type CertifyRequest = z.infer<typeof certifyRequestSchema>;

/** The body of `POST /iamport/v2/identity-verifications`: the element's `store-id`, checked against the adapter's. */
export const portoneIssueRequestSchema = z.strictObject({ storeId: z.string().check(z.maxLength(64)) });
