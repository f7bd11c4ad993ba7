import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as z from 'zod/mini';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import type { Operation } from '../../core/server/openapi/operation.ts';
import type { AdapterContext } from '../../core/server/provider.ts';
import type { SmartbillConfig } from './config-schema.ts';
import { invoiceCaller } from './invoice-auth.ts';
import { InvoiceCredentials } from './invoice-credentials.ts';
import { daysBetween, isIsoDate, kstToday, oldestRetained, type InvoiceStreamLine } from '../shared/invoice-model.ts';
import { smartbillSite } from '../shared/signup-fields.ts';
import { InvoiceService } from './invoice-service.ts';
import { InvoiceStore } from './invoice-store.ts';
import { ScrapeApiClient } from './scrape-api-client.ts';
import { scrapeApiConfigSchema, SMARTBILL_SCRAPE_API_URLS } from './scrape-api-config.ts';
import { HTTP_FAILURES, outOfRetention, RESULT_CODES, unknownResult } from './scrape-api-errors.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

const date = z.string().check(z.refine(isIsoDate, 'must be a date written YYYY-MM-DD'));
const listQuery = z.object({
  type: z.enum(['AR', 'AP']),
  dateKind: z._default(z.enum(['W', 'I', 'S']), 'W'),
  from: date,
  to: date,
  comRegNo: z.optional(z.string()),
});
const xmlQuery = z.object({ type: z.enum(['AR', 'AP']), comRegNo: z.optional(z.string()) });
const ISSUE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** Every stable code the scraping API's failures map to (SmartBill's ResultCodes and HTTP statuses). */
const SCRAPE_API_FAILURES: Record<string, number> = (() => {
  const out: Record<string, number> = { smartbill_not_connected: 409, upstream_error: 502, upstream_timeout: 504, lease_timeout: 503 };
  for (const f of [...Object.values(RESULT_CODES), ...Object.values(HTTP_FAILURES), unknownResult('0')]) out[f.code] = f.status;
  return out;
})();

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
  fetchedAt: z.int().check(
    z.meta({
      description: 'Epoch ms (UTC) when the adapter fetched these rows from SmartBill (its oldest cached window): "as of"',
      format: 'int64',
    }),
  ),
  site: z
    .string()
    .check(z.meta({ description: "SmartBill's site for the adapter's environment (relative to the adapter in the sandbox)" })),
});

/** XML and XSL go out as data: a browser that opens them directly runs nothing in them. */
const DOCUMENT_HEADERS = {
  'Content-Type': 'application/xml; charset=utf-8',
  'Content-Security-Policy': "sandbox; default-src 'none'",
};

/** The service for one adapter: client, credentials, caches. */
export function createInvoiceService(ctx: AdapterContext, config: SmartbillConfig, signups: SmartbillSignupStore) {
  const openApi = scrapeApiConfigSchema.parse(config.openApi ?? {});
  const url = openApi.url ?? SMARTBILL_SCRAPE_API_URLS[config.environment];
  const { crypto: box, store } = ctx;
  return new InvoiceService({
    client: new ScrapeApiClient({ url, timeoutMs: openApi.timeoutMs, fetch: ctx.fetch, now: ctx.now }),
    credentials: new InvoiceCredentials(signups.credentials),
    invoices: new InvoiceStore(ctx.cache, box, ctx.now),
    store,
    config: openApi,
    logger: ctx.logger,
    now: ctx.now,
    xslScope: url,
    site: config.site ?? smartbillSite(config.environment),
  });
}

/**
 * The scraping Open API for the ERP page (scope `smartbill:invoices`, tenant =
 * the page token's business number):
 * - `GET /smartbill/invoices?type&dateKind&from&to`: the period in ≤ 30-day
 *   windows; JSON, or NDJSON progress lines then the result with
 *   `Accept: application/x-ndjson`;
 * - `GET /smartbill/invoices/:issueId?type` → the invoice's XML;
 * - `GET /smartbill/preview-form` → SmartBill's XSL.
 */
export function mountInvoiceRoutes(browser: Hono, ctx: AdapterContext, operation: Operation, ready: () => InvoiceService) {
  const auth = { scope: 'smartbill:invoices' } as const;
  const listDoc = {
    summary: 'Tax invoices scraped by SmartBill for a period (sales AR or purchases AP)',
    description:
      'The period is fetched in ≤ 30-day windows. With `Accept: application/x-ndjson` the answer is NDJSON: progress lines, then `{ "type": "result", "result": … }` (or `{ "type": "error", "error": … }`).',
    auth,
    query: listQuery,
    responses: { 200: { description: 'The invoices and their totals', body: { name: 'InvoiceList', schema: invoiceListSchema } } },
    errors: { ...SCRAPE_API_FAILURES, tenant_mismatch: 403, smartbill_out_of_retention: 400 },
  } as const;
  browser.get(
    '/smartbill/invoices',
    ...operation(listDoc, async (c, { query: q }) => {
      const svc = ready();
      const who = invoiceCaller(c);
      const today = kstToday(ctx.now());
      if (daysBetween(q.from, q.to) < 0) throw new ApiError(400, 'invalid_request', 'from: must not be after to');
      const oldest = oldestRetained(today);
      if (daysBetween(oldest, q.from) < 0) throw outOfRetention(oldest);
      if (daysBetween(q.from, today) < 0) throw new ApiError(400, 'invalid_request', 'from: must not be in the future');
      const to = daysBetween(q.to, today) < 0 ? today : q.to;
      const query = { ...who, type: q.type, dateKind: q.dateKind, from: q.from, to };

      if (!/application\/x-ndjson/i.test(c.req.header('accept') ?? '')) return c.json(await svc.list(query));

      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      return stream(c, async (out) => {
        const line = (l: InvoiceStreamLine) => out.write(`${JSON.stringify(l)}\n`);
        try {
          const result = await svc.list(query, (done, total) => void line({ type: 'progress', done, total }));
          await line({ type: 'result', result });
        } catch (err) {
          const e = err instanceof ApiError ? err : new ApiError(500, 'internal_error', 'the adapter failed to handle this request');
          if (!(err instanceof ApiError)) ctx.logger.error('invoice stream failed', { message: (err as Error)?.message });
          else if (e.status >= 500) ctx.logger.warn('request failed', { code: e.code, message: e.message });
          await line({ type: 'error', error: errorBody(e.code, e.message).error });
        }
      });
    }),
  );

  const xmlDoc = {
    summary: "One tax invoice's XML",
    auth,
    params: { issueId: z.string().check(z.regex(ISSUE_ID, 'must be 1–64 letters, digits or dashes')) },
    query: xmlQuery,
    responses: { 200: { description: 'The invoice as SmartBill keeps it', contentType: 'application/xml' } },
    errors: { ...SCRAPE_API_FAILURES, tenant_mismatch: 403, smartbill_invoice_not_found: 404 },
  } as const;
  browser.get(
    '/smartbill/invoices/:issueId',
    ...operation(xmlDoc, async (c, { params: { issueId }, query }) => {
      const svc = ready();
      const xml = (await svc.xml(invoiceCaller(c), query.type, [issueId])).get(issueId);
      if (!xml) throw new ApiError(404, 'smartbill_invoice_not_found', 'SmartBill has no invoice with this ISSUE_ID for this business');
      return c.body(xml, 200, { ...DOCUMENT_HEADERS, 'Cache-Control': 'private, no-store' });
    }),
  );

  const previewDoc = {
    summary: "SmartBill's XSL templates for rendering an invoice (PREVIEW_FORM)",
    auth,
    query: z.object({ comRegNo: z.optional(z.string()) }),
    responses: { 200: { description: 'XSL', contentType: 'application/xml' } },
    errors: { ...SCRAPE_API_FAILURES, tenant_mismatch: 403 },
  } as const;
  browser.get(
    '/smartbill/preview-form',
    ...operation(previewDoc, async (c) => {
      const xsl = await ready().previewForm(invoiceCaller(c));
      return c.body(xsl, 200, DOCUMENT_HEADERS);
    }),
  );
}
