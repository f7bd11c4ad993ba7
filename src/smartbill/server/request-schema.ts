import * as z from 'zod/mini';

/** `POST /smartbill/signups`: the form, and the env the element runs in (must match the adapter's). */
export const signupRequestSchema = z.object({
  env: z.optional(z.enum(['demo', 'production'])),
  form: z.record(z.string(), z.unknown()),
  /** Same-window flow: the ERP page the adapter's return link leads back to (an allowed origin only). */
  returnUrl: z.optional(z.string().check(z.maxLength(2000))),
});
