import { z } from 'zod';

/** Webhook events Benecafe's gate emits: the `data` each carries (strict: keys only, no name, no Benecafe record). */
export const benecafeEvents = {
  'benecafe.member.entered': z.strictObject({
    /** The session's ref: GET /server/benecafe/sessions/{ref} says who the member is. */
    ref: z.string(),
    companyKey: z.string(),
    memberKey: z.string(),
    /** Epoch milliseconds. */
    enteredAt: z.number(),
    expiresAt: z.number(),
  }),
};
