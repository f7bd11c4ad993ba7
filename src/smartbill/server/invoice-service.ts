import type { Logger } from '../../core/server/logger.ts';
import type { ApiCredentials, InvoiceCaller, InvoiceCredentials } from './invoice-credentials.ts';
import { type DateKind, type InvoiceListResult, type SupBuyType, totalsOf } from '../shared/invoice-model.ts';
import type { InvoiceStore } from './invoice-store.ts';
import { mergeWindows, normaliseRow, runLimited, splitWindows } from './invoice-windows.ts';
import { type Caller, type ScrapeApiClient, XML_BATCH } from './scrape-api-client.ts';
import type { ScrapeApiConfig } from './scrape-api-config.ts';
import { notConnected, ScrapeApiError } from './scrape-api-errors.ts';
import { singleFlight } from './token-flight.ts';
import type { Store } from '../../core/server/store/store.ts';

/** Re-issue this long before a known expiry, so a call never races it. */
const EXPIRY_MARGIN_MS = 60_000;

export interface InvoiceServiceDeps {
  client: ScrapeApiClient;
  credentials: InvoiceCredentials;
  invoices: InvoiceStore;
  store: Store;
  config: ScrapeApiConfig;
  logger: Logger;
  now: () => number;
  /** Scope of the cached XSL (the API URL: demo and production may differ). */
  xslScope: string;
  /** SmartBill's site for this environment (the setup links in the list's answer). */
  site: string;
}

const caller = (c: ApiCredentials): Caller => ({ comRegNo: c.comRegNo, authToken: c.authToken, authCode: c.authCode });

/**
 * The invoice routes' work: credentials with a live token, SmartBill calls
 * with one token re-issue when refused, the 30-day windows, the caches.
 */
export class InvoiceService {
  constructor(private readonly d: InvoiceServiceDeps) {}

  private expired(c: ApiCredentials) {
    return c.expiresAt !== null && c.expiresAt - EXPIRY_MARGIN_MS <= this.d.now();
  }

  /** The caller's credentials, with a token not known to be expired (re-issued first when it is). */
  async credentials(who: InvoiceCaller): Promise<ApiCredentials> {
    const c = await this.d.credentials.current(who);
    if (!c) throw notConnected();
    return this.expired(c) ? this.reissue(c) : c;
  }

  /**
   * GET_TOKEN with the business number's AuthCode for the same SBID, once for
   * everyone who saw `stale` refused or expired (single-flight; whoever comes
   * after a re-issue finds the new token and does not ask again). The token is
   * stored for that SBID.
   */
  async reissue(stale: ApiCredentials): Promise<ApiCredentials> {
    await singleFlight(this.d.store, `smartbill:get_token:${stale.comRegNo}:${stale.sbid}`, async () => {
      const now = await this.d.credentials.forSbid(stale.comRegNo, stale.sbid);
      if (!now) throw notConnected();
      if (now.authToken !== stale.authToken && !this.expired(now)) return; // already re-issued
      const code = this.d.config.tokenExpiration;
      const token = await this.d.client.getToken(now.comRegNo, now.authCode, now.sbid, code);
      await this.d.credentials.saveIssued(now.comRegNo, now.sbid, token, code, this.d.now());
      this.d.logger.info('smartbill auth token re-issued', { comRegNo: now.comRegNo, expirationDateCode: code });
    });
    const fresh = await this.d.credentials.forSbid(stale.comRegNo, stale.sbid);
    if (!fresh) throw notConnected();
    return fresh;
  }

  /** One Open API call; when SmartBill refuses the token: one re-issue, one retry. */
  async call<T>(who: InvoiceCaller, fn: (c: Caller) => Promise<T>): Promise<T> {
    const creds = await this.credentials(who);
    try {
      return await fn(caller(creds));
    } catch (err) {
      if (!(err instanceof ScrapeApiError) || !err.failure.tokenRejected) throw err;
      return fn(caller(await this.reissue(creds)));
    }
  }

  async list(
    q: InvoiceCaller & { type: SupBuyType; dateKind: DateKind; from: string; to: string },
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<InvoiceListResult> {
    const windows = splitWindows(q.from, q.to);
    onProgress(0, windows.length);
    const fetched = await runLimited(
      windows.map((w) => async () => {
        const key = { comRegNo: q.comRegNo, type: q.type, dateKind: q.dateKind, ...w };
        const cached = await this.d.invoices.getWindow(key);
        if (cached) return cached;
        const fetchedAt = this.d.now();
        const raw = await this.call(q, (c) =>
          this.d.client.listInvoices(c, { type: q.type, dateKind: q.dateKind, from: w.from, to: w.to }),
        );
        const window = { invoices: raw.flatMap((r) => normaliseRow(r, q.type) ?? []), fetchedAt };
        await this.d.invoices.setWindow(key, window);
        return window;
      }),
      this.d.config.concurrency,
      (done) => onProgress(done, windows.length),
    );
    const invoices = mergeWindows(
      fetched.map((w) => w.invoices),
      q.dateKind,
    );
    return {
      type: q.type,
      dateKind: q.dateKind,
      from: q.from,
      to: q.to,
      windows: windows.length,
      invoices,
      totals: totalsOf(invoices),
      // "As of": the oldest of the windows' fetches (a cached window can be up to 20 minutes older than a fresh one).
      fetchedAt: Math.min(...fetched.map((w) => w.fetchedAt)),
      site: this.d.site,
    };
  }

  /** OS_DTI_XML for any number of ids, at most 100 per call. */
  async xml(who: InvoiceCaller, type: SupBuyType, issueIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < issueIds.length; i += XML_BATCH) {
      const batch = issueIds.slice(i, i + XML_BATCH);
      const got = await this.call(who, (c) => this.d.client.xmlBatch(c, type, batch));
      for (const [k, v] of got) out.set(k, v);
    }
    return out;
  }

  /** PREVIEW_FORM's XSL, from the store when fetched within the last day. */
  async previewForm(who: InvoiceCaller): Promise<string> {
    const cached = await this.d.invoices.getXsl(this.d.xslScope);
    if (cached) return cached;
    const xsl = await this.call(who, (c) => this.d.client.previewForm(c));
    await this.d.invoices.setXsl(this.d.xslScope, xsl);
    return xsl;
  }
}
