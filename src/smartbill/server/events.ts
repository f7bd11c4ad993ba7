import { z } from 'zod';

/** Webhook events SmartBill's routes emit: the `data` each carries (strict: no AUTH_TOKEN, no AUTH_CODE). */
export const smartbillEvents = {
  'smartbill.signup.completed': z
    .strictObject({
      COM_REGNO: z.string(),
      SBID: z.string(),
      pID: z.string().nullable(),
      regYn: z.string().nullable(),
      /** The signup attempt the callback completed. */
      attemptId: z.string(),
    })
    // What `webhooks send-test` and POST /server/webhooks/test send as `data`.
    .meta({
      examples: [
        {
          COM_REGNO: '1208147521',
          SBID: 'sb_erpuser17',
          pID: 'erp-user-17',
          regYn: 'Y',
          attemptId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        },
      ],
    }),
};
