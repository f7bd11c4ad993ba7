import * as z from 'zod/mini';

/** `POST /smartbill/signups`: the form, and the env the element runs in (must match the adapter's). */
export const signupRequestSchema = z.object({
  env: z.optional(z.enum(['demo', 'production'])),
  form: z.record(z.string(), z.unknown()),
});
