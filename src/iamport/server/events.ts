import { z } from 'zod';

/** Webhook events Iamport's routes emit: the `data` each carries (strict: nothing else, no CI/DI, no name). */
export const iamportEvents = {
  'iamport.certification.verified': z
    .strictObject({
      /** Which API verified the person: Iamport V1, or PortOne V2 (then imp_uid and merchant_uid are its identityVerificationId). */
      version: z.enum(['v1', 'v2']),
      imp_uid: z.string(),
      merchant_uid: z.string(),
      /** Unix seconds, as Iamport says. */
      certified_at: z.number().nullable().optional(),
      /** The page token's user and company; null when anonymous. */
      sub: z.string().nullable(),
      com: z.string().nullable(),
    })
    // What `webhooks send-test` and POST /server/webhooks/test send as `data`.
    .meta({
      examples: [
        {
          version: 'v1',
          imp_uid: 'imp_448280090638',
          merchant_uid: 'mid_1795588007',
          certified_at: 1795588007,
          sub: 'erp-user-17',
          com: '1208147521',
        },
      ],
    }),
};
