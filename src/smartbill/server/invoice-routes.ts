import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as z from 'zod/mini';
import { ApiError, errorBody } from '../../core/server/errors.ts';
import { validate } from '../../core/server/http.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { AdapterContext } from '../../core/server/provider.ts';
import type { SmartbillConfig } from './config-schema.ts';
import { invoiceCaller, requireInvoices } from './invoice-auth.ts';
import { InvoiceCredentials } from './invoice-credentials.ts';
import { daysBetween, isIsoDate, kstToday, type InvoiceStreamLine } from '../shared/invoice-model.ts';
import { InvoiceService } from './invoice-service.ts';
import { InvoiceStore } from './invoice-store.ts';
import { oldestRetained } from './invoice-windows.ts';
import { ScrapeApiClient } from './scrape-api-client.ts';
import { scrapeApiConfigSchema, SMARTBILL_SCRAPE_API_URLS } from './scrape-api-config.ts';
import { outOfRetention } from './scrape-api-errors.ts';
import { invoiceListDoc, invoiceXmlDoc, previewFormDoc } from './route-docs.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

const date = z.string().check(z.refine(isIsoDate, 'must be a date written YYYY-MM-DD'));
export const listQuery = z.object({
  type: z.enum(['AR', 'AP']),
  dateKind: z._default(z.enum(['W', 'I', 'S']), 'W'),
  from: date,
  to: date,
  comRegNo: z.optional(z.string()),
});
export const xmlQuery = z.object({ type: z.enum(['AR', 'AP']), comRegNo: z.optional(z.string()) });
const ISSUE_ID = /^[A-Za-z0-9-]{1,64}$/;

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
export function mountInvoiceRoutes(browser: Hono, ctx: AdapterContext, ready: () => InvoiceService) {
  const guard = requireInvoices(ctx);

  browser.get('/smartbill/invoices', describeRoute(invoiceListDoc), guard, async (c) => {
    const svc = ready();
    const q = validate(listQuery, c.req.query());
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
  });

  browser.get('/smartbill/invoices/:issueId', describeRoute(invoiceXmlDoc), guard, async (c) => {
    const svc = ready();
    const q = validate(xmlQuery, c.req.query());
    const issueId = c.req.param('issueId');
    if (!ISSUE_ID.test(issueId)) throw new ApiError(400, 'invalid_request', 'issueId: must be 1–64 letters, digits or dashes');
    const xml = (await svc.xml(invoiceCaller(c), q.type, [issueId])).get(issueId);
    if (!xml) throw new ApiError(404, 'smartbill_invoice_not_found', 'SmartBill has no invoice with this ISSUE_ID for this business');
    return c.body(xml, 200, { ...DOCUMENT_HEADERS, 'Cache-Control': 'private, no-store' });
  });

  browser.get('/smartbill/preview-form', describeRoute(previewFormDoc), guard, async (c) => {
    const xsl = await ready().previewForm(invoiceCaller(c));
    return c.body(xsl, 200, DOCUMENT_HEADERS);
  });
}
