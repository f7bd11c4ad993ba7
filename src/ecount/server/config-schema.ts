import { z } from 'zod';

/** LAN_TYPE values of the Login API (seed 003). */
export const LAN_TYPES = ['ko-KR', 'en-US', 'zh-CN', 'zh-TW', 'ja-JP', 'vi-VN', 'es', 'id-ID'] as const;

/**
 * Limit classes. Zone and Login have their own; a business API is a `list`
 * query, a `save`, or a single-item `view` (SPEC §4). `access` picks the page
 * token scope: `read` → ecount:read, `write` → ecount:write.
 */
export const LIMIT_CLASSES = ['zone', 'login', 'list', 'save', 'view'] as const;
export type LimitClass = (typeof LIMIT_CLASSES)[number];
export type ApiClass = Exclude<LimitClass, 'zone' | 'login'>;

const apiEntry = z.object({ class: z.enum(['list', 'save', 'view']), access: z.enum(['read', 'write']) }).strict();
export type EcountApi = z.output<typeof apiEntry>;

/**
 * The project's choice, not Ecount's (seed 003 documents only Zone and Login): common inventory and sales APIs with
 * their public limit classes. An operator lists exactly the ones pages may call.
 */
export const DEFAULT_APIS: Record<string, EcountApi> = {
  'InventoryBalance/GetListInventoryBalanceStatus': { class: 'list', access: 'read' },
  'InventoryBalance/ViewInventoryBalanceStatus': { class: 'view', access: 'read' },
  'InventoryBasic/GetBasicProductsList': { class: 'list', access: 'read' },
  'InventoryBasic/ViewBasicProduct': { class: 'view', access: 'read' },
  'Sale/SaveSale': { class: 'save', access: 'write' },
};

const comCode = z.string().regex(/^[0-9A-Za-z]{1,6}$/, 'must be 1–6 letters or digits (회사코드)');
const userId = z.string().min(1).max(30);
const apiCertKey = z.string().min(1).max(50);

const company = z
  .object({
    /** Business number (the page token's `com`, 10 digits) this company is used for. */
    com: z.string().regex(/^\d{10}$/, 'must be a 10-digit business number (the page token claim "com")'),
    comCode,
    userId,
    apiCertKey,
    lanType: z.enum(LAN_TYPES).optional(),
  })
  .strict();

const rule = z.object({ capacity: z.number().positive(), refillPerSecond: z.number().positive() }).strict();

export const ecountConfigSchema = z
  .object({
    /** `test` calls sboapi…, `production` oapi… (not `env`: `{ "env": … }` reads a variable). */
    environment: z.enum(['test', 'production']).default('production'),
    comCode: comCode.optional(),
    userId: userId.optional(),
    /** Secret: write it as `{ "env": "ECOUNT_API_CERT_KEY" }`. */
    apiCertKey: apiCertKey.optional(),
    lanType: z.enum(LAN_TYPES).default('ko-KR'),
    /** Allow-list: Ecount API path (after /OAPI/V2/) → limit class and scope. */
    apis: z
      .record(
        z.string().regex(/^[A-Za-z]+\/[A-Za-z]+$/, 'must be an Ecount API path like InventoryBalance/ViewInventoryBalanceStatus'),
        apiEntry,
      )
      .default(DEFAULT_APIS),
    /** Several companies, chosen by the page token's `com`; the top-level company serves tokens of no listed `com`. */
    companies: z.array(company).default([]),
    /** Stricter (never looser) limits than Ecount's own, per class or `daily`; see docs/ecount.md. */
    limits: z.partialRecord(z.enum([...LIMIT_CLASSES, 'daily']), rule).default({}),
    /** Consecutive failed zone/login calls after which logins stop until an operator resets (Ecount blocks the IP at 10). */
    maxLoginFailures: z.number().int().min(1).max(5).default(3),
    /** Pause after Ecount answered 412 or 302 (it enforced a limit we had not). */
    backoffSeconds: z.number().int().min(1).max(3600).default(60),
    timeoutMs: z.number().int().positive().max(60_000).default(10_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    const some = [c.comCode, c.userId, c.apiCertKey].filter(Boolean).length;
    if (some > 0 && some < 3) {
      for (const k of ['comCode', 'userId', 'apiCertKey'] as const) {
        if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required with comCode, userId and apiCertKey' });
      }
    }
    if (some === 0 && c.companies.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['comCode'], message: 'set comCode, userId and apiCertKey, or companies[]' });
    }
    const seen = new Set<string>();
    c.companies.forEach((co, i) => {
      if (seen.has(co.com)) ctx.addIssue({ code: 'custom', path: ['companies', i, 'com'], message: 'listed twice' });
      seen.add(co.com);
    });
  });

export type EcountConfig = z.output<typeof ecountConfigSchema>;

/** Every secret of the Ecount config (log redaction, leak tests). */
export function ecountSecrets(c: EcountConfig | undefined): string[] {
  if (!c) return [];
  return [c.apiCertKey, ...c.companies.map((co) => co.apiCertKey)].filter((s): s is string => !!s);
}
