import * as z from 'zod/mini';

/**
 * The contract between `<benecafe-gate>` and `GET /benecafe/session`, shared
 * by both. Only what the element shows: no OTP token, no address, birth date
 * or phone from Benecafe's member record. zod/mini keeps the bundle small.
 */
export const landingSchema = /* @__PURE__ */ z.object({
  /** `main` (default), `direct` (DirectFlag=Y → DirectURL) or `baro` (BaroItem product page). */
  kind: z.enum(['main', 'direct', 'baro']),
  url: z.string(),
  item: z.optional(z.string()),
});

export const gateSessionSchema = /* @__PURE__ */ z.object({
  /**
   * Opaque reference to this gate session: the partner's page hands it to its
   * backend, which asks `GET /server/benecafe/sessions/:ref` (server key) who the
   * member is. Not the session cookie, and useless without a server key.
   */
  ref: z.string(),
  /** 고객명 (USER_NAME, else Benecafe's mbrNm). */
  name: z.string(),
  /** 고객KEY (CFM_CUS_ID, else Benecafe's custId). */
  memberKey: z.string(),
  /** 고객사KEY (cmpy_cd). */
  companyKey: z.string(),
  /** The company's own name for its points (포인트명), already repaired. */
  pointName: z.string(),
  pointNameCode: z.string(),
  /** ReceiptYN: the member asked for a cash receipt (현금영수증). */
  receipt: z.boolean(),
  /** POPUPURL (point balance), only when on an allowed host. */
  popupUrl: z.nullable(z.string()),
  landing: landingSchema,
  expiresAt: z.number().check(z.meta({ description: 'Epoch milliseconds (UTC)' })),
});
export type GateSession = z.infer<typeof gateSessionSchema>;

export const sessionResponseSchema = /* @__PURE__ */ z.object({
  session: z.nullable(gateSessionSchema),
  /** `none` (never entered or logged out) or `expired`; absent with a session. */
  reason: z.optional(z.enum(['none', 'expired'])),
  /** The configured way back to the welfare mall. */
  mallUrl: z.nullable(z.string()),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
