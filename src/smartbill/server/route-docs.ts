import * as z from 'zod/mini';
import type { OperationDoc } from '../../core/server/openapi/describe-route.ts';
import { currentCallback, legacyCallback } from './routes.ts';
import { listQuery, xmlQuery } from './invoice-routes.ts';
import { HTTP_FAILURES, RESULT_CODES, unknownResult } from './scrape-api-errors.ts';
import { signupRequestSchema } from './request-schema.ts';
import { signupCreatedSchema, signupSchema, signupStatusSchema } from '../shared/schema.ts';
import { adoptSchema, credentialsPutSchema } from './credential-api.ts';

const notConfigured = { not_configured: 503 };

/** Every stable code the scraping Open API's failures map to (SmartBill's ResultCodes and HTTP statuses). */
function scrapeApiFailures(): Record<string, number> {
  const out: Record<string, number> = { smartbill_not_connected: 409, upstream_error: 502, upstream_timeout: 504, lease_timeout: 503 };
  for (const f of [...Object.values(RESULT_CODES), ...Object.values(HTTP_FAILURES), unknownResult('0')]) out[f.code] = f.status;
  return out;
}

const party = z.object({ regNo: z.string(), name: z.string(), rep: z.string(), email: z.string() });
const won = z.string().check(z.regex(/^-?\d+$/));
const invoiceSchema = z.object({
  issueId: z.string(),
  supBuyType: z.enum(['AR', 'AP']),
  writeDate: z.string(),
  issueDate: z.string(),
  sendDate: z.string(),
  typeCode: z.string(),
  taxDemand: z.string(),
  supplier: party,
  buyer: party,
  supAmount: won,
  taxAmount: won,
  totalAmount: won,
});
/** InvoiceListResult (invoice-model.ts): amounts are integer won as strings. */
const invoiceListSchema = z.object({
  type: z.enum(['AR', 'AP']),
  dateKind: z.enum(['W', 'I', 'S']),
  from: z.string(),
  to: z.string(),
  windows: z.number(),
  invoices: z.array(invoiceSchema),
  totals: z.object({ count: z.number(), supAmount: won, taxAmount: won, totalAmount: won }),
});

const comRegNoParam = { com_regno: z.string().check(z.regex(/^\d{3}-?\d{2}-?\d{5}$/)) };
const sbidQuery = z.object({ sbid: z.optional(z.string()) });

const FORM_EXAMPLE = {
  pComRegNo: '1208147521',
  pComName: '주식회사 예시',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'ERP01',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};

export const callbackDoc = (): OperationDoc => ({
  summary: "SmartBill's signup callback (called by SmartBill, not by the ERP)",
  description:
    'JSON (or urlencoded) in the current shape or the older USER_* shape; idempotent. Optional source-IP allow-list (`smartbill.callbackIpAllowList`).',
  auth: 'none',
  body: {
    name: 'SmartbillCallback',
    schema: z.union([currentCallback, legacyCallback]),
    example: {
      COM_REGNO: '1208147521',
      AUTH_TOKEN: 'EXAMPLE-AUTH-TOKEN',
      AUTH_CODE: 'EXAMPLE-AUTH-CODE',
      SBID: 'sbid-example',
      pID: 'erp-user-1',
      regYn: 'Y',
    },
  },
  responses: {
    200: {
      description: 'Stored (or a replay of one already stored)',
      body: { name: 'SmartbillCallbackAnswer', schema: z.object({ result: z.literal('OK'), duplicate: z.optional(z.literal(true)) }) },
    },
  },
  errors: { ...notConfigured, smartbill_ip_not_allowed: 403, smartbill_invalid_callback: 400 },
});

export const signupCreateDoc = (): OperationDoc => ({
  summary: 'Register a SmartBill signup attempt for the page token’s company',
  description:
    '`form` holds the 15 fields of SmartBill’s simple signup (seed 000); a 400 `invalid_request` also carries `fields` (field → issue key).',
  auth: { scope: 'smartbill:signup' },
  body: {
    name: 'SignupRequest',
    schema: z.extend(signupRequestSchema, { form: signupSchema('production') }),
    example: { env: 'demo', form: FORM_EXAMPLE },
  },
  responses: {
    201: { description: 'The attempt, and the token to read it with', body: { name: 'SignupCreated', schema: signupCreatedSchema } },
  },
  errors: { ...notConfigured, smartbill_env_mismatch: 400, invalid_return_url: 400, tenant_mismatch: 403 },
});

export const signupStatusDoc = (): OperationDoc => ({
  summary: 'Read a signup attempt (long-poll with `wait`)',
  description:
    'Only the ERP user who registered it. `wait` (ms, capped by `smartbill.longPollMs`) holds the answer until the callback lands.',
  auth: { scope: 'smartbill:signup' },
  params: { id: z.string().check(z.regex(/^[0-9a-f-]{36}$/)) },
  query: z.object({
    /** The token returned at registration. */
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
    wait: z.optional(z.string().check(z.regex(/^\d+$/))),
  }),
  responses: { 200: { description: 'The attempt (never the credentials)', body: { name: 'SignupStatus', schema: signupStatusSchema } } },
  errors: { ...notConfigured, not_found: 404, too_many_long_polls: 429 },
});

export const signupReturnDoc = (): OperationDoc => ({
  summary: 'Same-window flow: back from SmartBill to the ERP page that registered the attempt',
  auth: 'none',
  params: { id: z.string().check(z.regex(/^[0-9a-f-]{36}$/)) },
  responses: { 303: { description: 'To the returnUrl given at registration', headers: { Location: 'The ERP page' } } },
  errors: { ...notConfigured, not_found: 404 },
});

export const invoiceListDoc = (): OperationDoc => ({
  summary: 'Tax invoices scraped by SmartBill for a period (sales AR or purchases AP)',
  description:
    'The period is fetched in ≤ 30-day windows. With `Accept: application/x-ndjson` the answer is NDJSON: progress lines, then `{ "type": "result", "result": … }` (or `{ "type": "error", "error": … }`).',
  auth: { scope: 'smartbill:invoices' },
  query: listQuery,
  responses: { 200: { description: 'The invoices and their totals', body: { name: 'InvoiceList', schema: invoiceListSchema } } },
  errors: { ...notConfigured, ...scrapeApiFailures(), tenant_mismatch: 403, smartbill_out_of_retention: 400 },
});

export const invoiceXmlDoc = (): OperationDoc => ({
  summary: "One tax invoice's XML",
  auth: { scope: 'smartbill:invoices' },
  params: { issueId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/)) },
  query: xmlQuery,
  responses: { 200: { description: 'The invoice as SmartBill keeps it', contentType: 'application/xml' } },
  errors: { ...notConfigured, ...scrapeApiFailures(), tenant_mismatch: 403, smartbill_invoice_not_found: 404 },
});

export const previewFormDoc = (): OperationDoc => ({
  summary: "SmartBill's XSL templates for rendering an invoice (PREVIEW_FORM)",
  auth: { scope: 'smartbill:invoices' },
  query: z.object({ comRegNo: z.optional(z.string()) }),
  responses: { 200: { description: 'XSL', contentType: 'application/xml' } },
  errors: { ...notConfigured, ...scrapeApiFailures(), tenant_mismatch: 403 },
});

const userTokenSchema = z.object({
  SBID: z.string(),
  AUTH_TOKEN: z.string(),
  /** The ERP user (page token `sub`) whose invoice calls use this token. */
  sub: z.nullable(z.string()),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  /** ExpirationDateCode (D/W/H/M/Q/R/Y/Z/C); null when unknown (a signup callback does not say). */
  expirationDateCode: z.nullable(z.string()),
  /** Epoch milliseconds; null when permanent (Z) or unknown. */
  expiresAt: z.nullable(z.number()),
  source: z.enum(['callback', 'manual', 'get_token']),
  /** Epoch milliseconds. */
  updatedAt: z.number(),
});

/** The company: its AUTH_CODE, default user (AUTH_TOKEN: that user's, null until one is held) and every user's token. */
const companyCredentialsSchema = z.object({
  COM_REGNO: z.string(),
  AUTH_CODE: z.string(),
  SBID: z.string(),
  AUTH_TOKEN: z.nullable(z.string()),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  /** Always true: callbacks that matched no signup attempt are listed apart (`/credentials/unmatched`). */
  matched: z.literal(true),
  /** Epoch milliseconds. */
  updatedAt: z.number(),
  users: z.array(userTokenSchema),
});
/** With `?sbid=`: one user. */
const userCredentialsSchema = z.extend(userTokenSchema, { COM_REGNO: z.string(), AUTH_CODE: z.string(), matched: z.literal(true) });

const unmatchedSchema = z.object({
  /** The callback's number: adopt or discard it by this. */
  seq: z.number(),
  COM_REGNO: z.string(),
  SBID: z.string(),
  pID: z.nullable(z.string()),
  Email: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
  shape: z.enum(['current', 'legacy']),
  /** Epoch milliseconds. */
  receivedAt: z.number(),
});
const seqParam = { seq: z.string().check(z.regex(/^\d{1,15}$/)) };

export const credentialsGetDoc = (): OperationDoc => ({
  summary: "A company's SmartBill credentials: the AUTH_CODE and each user's (SBID) AUTH_TOKEN",
  description: '`?sbid=` answers for that SmartBill user only. Never includes callbacks that matched no signup attempt.',
  auth: 'serverKey',
  params: comRegNoParam,
  query: sbidQuery,
  responses: {
    200: {
      description: 'The credentials held',
      body: { name: 'SmartbillCredentials', schema: z.union([companyCredentialsSchema, userCredentialsSchema]) },
    },
  },
  errors: { ...notConfigured, not_found: 404 },
});

export const credentialsPutDoc = (): OperationDoc => ({
  summary: 'Store SmartBill credentials entered by hand: the AUTH_CODE and/or one user’s AUTH_TOKEN with its expiry',
  description:
    'For the signup path that ends without a callback (seed 000). SBID in the body or as `?sbid=`; `sub` maps the token to the ERP user whose invoice calls use it. Expiry: `expirationDateCode` D 1 day, W 7, H 15, M 30, Q 90, R 180, Y 365 (from `issuedAt`, default now), Z permanent, C with `expiresAt`.',
  auth: 'serverKey',
  params: comRegNoParam,
  query: sbidQuery,
  body: {
    name: 'SmartbillCredentialsPut',
    schema: credentialsPutSchema,
    example: {
      AUTH_CODE: 'EXAMPLE-AUTH-CODE',
      AUTH_TOKEN: 'EXAMPLE-AUTH-TOKEN',
      SBID: 'sbid-example',
      sub: 'erp-user-1',
      expirationDateCode: 'M',
      regYn: 'Y',
    },
  },
  responses: { 204: { description: 'Stored' } },
  errors: {
    ...notConfigured,
    smartbill_sbid_required: 400,
    smartbill_auth_code_required: 400,
    smartbill_expiry_required: 400,
    smartbill_expiry_conflict: 400,
  },
});

export const unmatchedListDoc = (): OperationDoc => ({
  summary: 'SmartBill callbacks that matched no signup attempt (kept apart, without their secrets)',
  description: 'Another pID, or the older shape without one. They never change the credentials the ERP uses until adopted.',
  auth: 'serverKey',
  query: z.object({ com_regno: z.optional(z.string().check(z.regex(/^\d{3}-?\d{2}-?\d{5}$/))) }),
  responses: {
    200: {
      description: 'Oldest first',
      body: { name: 'SmartbillUnmatchedList', schema: z.object({ unmatched: z.array(unmatchedSchema) }) },
    },
  },
  errors: { ...notConfigured },
});

export const unmatchedAdoptDoc = (): OperationDoc => ({
  summary: 'Adopt an unmatched callback: its AUTH_CODE and AUTH_TOKEN become the company’s',
  description: '`sub` (optional) maps its token to an ERP user. The entry is removed.',
  auth: 'serverKey',
  params: seqParam,
  body: { name: 'SmartbillUnmatchedAdopt', schema: adoptSchema, example: { sub: 'erp-user-1' }, optional: true },
  responses: {
    200: { description: 'Adopted', body: { name: 'SmartbillUnmatchedAdopted', schema: z.object({ adopted: unmatchedSchema }) } },
  },
  errors: { ...notConfigured, not_found: 404 },
});

export const unmatchedDiscardDoc = (): OperationDoc => ({
  summary: 'Discard an unmatched callback’s credentials',
  auth: 'serverKey',
  params: seqParam,
  responses: { 204: { description: 'Discarded' } },
  errors: { ...notConfigured, not_found: 404 },
});
