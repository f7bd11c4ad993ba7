import * as z from 'zod/mini';

/**
 * PortOne V2 `GET /identity-verifications/{id}`: the parts the adapter reads. The fake is checked
 * against `@portone/server-sdk`'s own `IdentityVerification` types; this only validates at run time.
 */
export const portoneVerificationSchema = z.object({
  status: z.string(), // VERIFIED | READY | FAILED (others may come)
  id: z.string(),
  channel: z.optional(z.object({ pgProvider: z.optional(z.string()) })),
  verifiedCustomer: z.optional(
    z.object({
      name: z.optional(z.string()),
      operator: z.optional(z.string()),
      phoneNumber: z.optional(z.string()),
      birthDate: z.optional(z.string()), // yyyy-MM-dd
      gender: z.optional(z.string()), // MALE | FEMALE | OTHER
      isForeigner: z.optional(z.boolean()),
      ci: z.optional(z.string()),
      di: z.optional(z.string()),
    }),
  ),
  verifiedAt: z.optional(z.string()), // ISO 8601
  failure: z.optional(z.object({ reason: z.optional(z.string()), pgCode: z.optional(z.string()), pgMessage: z.optional(z.string()) })),
});
export type PortoneVerification = z.infer<typeof portoneVerificationSchema>;

/** PortOne's error body: `{ type, message }`. */
export const portoneErrorSchema = z.object({ type: z.string(), message: z.optional(z.string()) });
