import { z } from 'zod';

/** Webhook events Iamport's routes emit: the `data` each carries (strict: nothing else, no CI/DI, no name). */
export const iamportEvents = {
  'iamport.certification.verified': z.strictObject({
    imp_uid: z.string(),
    merchant_uid: z.string(),
    /** Unix seconds, as Iamport says. */
    certified_at: z.number().nullable().optional(),
    /** The page token's user and company; null when anonymous. */
    sub: z.string().nullable(),
    com: z.string().nullable(),
  }),
};
