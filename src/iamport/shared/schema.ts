import * as z from 'zod/mini';

/**
 * What `POST /iamport/certifications` answers: the adapter builds it, the
 * element validates it. (The request schema is in request-schema.ts, which
 * only the adapter needs.) zod/mini keeps the browser bundle small.
 */
/** What the adapter tells the browser about a verified person: no CI/DI, no secrets. */
export const certifyResultSchema = z.object({
  imp_uid: z.string(),
  merchant_uid: z.string(),
  certified_at: z.number().check(z.meta({ description: 'Unix time in seconds (UTC), as Iamport gives it' })),
  name: z.nullable(z.string()),
  gender: z.nullable(z.string()), // 'male' | 'female'
  birthday: z.nullable(z.string()),
  foreigner: z.nullable(z.boolean()),
  phone_masked: z.nullable(z.string()),
  carrier: z.nullable(z.string()),
  pg_provider: z.nullable(z.string()),
});
export type CertifyResult = z.infer<typeof certifyResultSchema>;
