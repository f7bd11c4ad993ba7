import { z } from 'zod';

/** Webhook events SmartBill's routes emit: the `data` each carries (strict: no AUTH_TOKEN, no AUTH_CODE). */
export const smartbillEvents = {
  'smartbill.signup.completed': z.strictObject({
    COM_REGNO: z.string(),
    SBID: z.string(),
    pID: z.string().nullable(),
    regYn: z.string().nullable(),
    /** The signup attempt the callback completed. */
    attemptId: z.string(),
  }),
};
