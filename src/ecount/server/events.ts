import { z } from 'zod';

/** What both Ecount events carry: which company failed and how (never the key or the session). */
const loginFailure = z
  .strictObject({
    /** Ecount's company code (회사코드). */
    company: z.string(),
    environment: z.enum(['test', 'production']),
    /** The adapter's stable code, e.g. ecount_login_failed. */
    code: z.string(),
    ecountCode: z.number().nullable(),
    /** Consecutive failed zone/login calls so far. */
    failures: z.number(),
  })
  // What `webhooks send-test` and POST /server/webhooks/test send as `data`.
  .meta({ examples: [{ company: '80001', environment: 'test', code: 'ecount_login_failed', ecountCode: 20, failures: 1 }] });

/** Webhook events Ecount's connection emits: the `data` each carries. */
export const ecountEvents = {
  'ecount.session.failed': loginFailure,
  /** Logins stopped until an operator resets (POST /server/ecount/reset or `erp-widgets-adapter ecount-reset`). */
  'ecount.login.blocked': loginFailure,
};
