import { z } from 'zod';

/** Webhook events Benecafe's gate emits: the `data` each carries (strict: keys only, no name, no Benecafe record). */
export const benecafeEvents = {
  'benecafe.member.entered': z
    .strictObject({
      /** The session's ref: GET /server/benecafe/sessions/{ref} says who the member is. */
      ref: z.string(),
      companyKey: z.string(),
      memberKey: z.string(),
      /** Epoch milliseconds. */
      enteredAt: z.number(),
      expiresAt: z.number(),
    })
    // What `webhooks send-test` and POST /server/webhooks/test send as `data`.
    .meta({
      examples: [
        {
          ref: 'bs_7f3a9c0e1b2d4f6a8c0e1b2d',
          companyKey: 'C0001',
          memberKey: 'M-000123',
          enteredAt: 1795588007000,
          expiresAt: 1795598807000,
        },
      ],
    }),
};
