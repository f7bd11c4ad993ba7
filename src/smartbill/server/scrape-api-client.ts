import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { AdapterClosingError, ApiError } from '../../core/server/errors.ts';
import { HTTP_FAILURES, ScrapeApiError, RESULT_CODES, unknownResult } from './scrape-api-errors.ts';

/** Rows come back as objects of strings; anything else is SmartBill's shape problem (502). */
const row = z.record(z.string(), z.unknown());
const responseSchema = z.looseObject({
  MessageId: z.optional(z.unknown()),
  Signal: z.optional(z.unknown()),
  ResultCode: z.union([z.string(), z.number()]),
  ResultMessage: z.optional(z.nullable(z.unknown())),
  ResultDataSet: z.optional(z.nullable(z.record(z.string(), z.nullable(z.array(row))))),
});
export type ScrapeApiRow = Record<string, unknown>;
export type ResultDataSet = Record<string, ScrapeApiRow[] | null>;

/** At most this many ids per OS_DTI_XML call (SPEC §4). */
export const XML_BATCH = 100;

/** `YYYYMMDDHHmmss` in Korean time, as RequestTime wants. */
export function requestTime(now: number): string {
  return new Date(now + 9 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** 20–36 characters of `[A-Za-z0-9-]`, unique per call: a UUID is 36. */
export const newMessageId = (): string => randomUUID();

export interface Caller {
  comRegNo: string;
  authToken?: string;
  authCode?: string;
}

export interface ScrapeApiClientOptions {
  url: string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
}

/**
 * SmartBill's scraping Open API (seed 001): every call is one JSON envelope
 * POSTed to `/sb-api/request/`; success is ResultCode "30000", any other
 * code or HTTP status becomes an ScrapeApiError with a stable code. Redirects
 * are never followed (the adapter's fetch refuses them, and a 3xx that still
 * arrives is an error here), so the envelope and its secrets go to the
 * configured URL only.
 */
export class ScrapeApiClient {
  constructor(private readonly options: ScrapeApiClientOptions) {}

  async request(signal: string, caller: Caller, fields: Record<string, unknown> = {}): Promise<ResultDataSet> {
    const envelope = {
      MessageId: newMessageId(),
      Signal: signal,
      RequestTime: requestTime(this.options.now()),
      SendComRegno: caller.comRegNo,
      AuthToken: caller.authToken ?? '',
      AuthCode: caller.authCode ?? '',
      ServiceCode: 'DTI',
      ...fields,
    };
    let res: Response;
    let text: string;
    try {
      res = await this.options.fetch(this.options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
        body: JSON.stringify(envelope),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      if (err instanceof AdapterClosingError) throw err;
      const name = (err as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ApiError(504, 'upstream_timeout', `SmartBill did not answer within ${this.options.timeoutMs} ms`, { cause: err });
      }
      throw new ApiError(502, 'upstream_error', 'SmartBill could not be reached (redirects are not followed)', { cause: err });
    }
    if (res.status >= 300 && res.status < 400) {
      throw new ApiError(502, 'upstream_error', `SmartBill answered HTTP ${res.status} (a redirect, not followed)`);
    }
    if (res.status !== 200) {
      const f = HTTP_FAILURES[res.status];
      if (f) throw new ScrapeApiError(f, `${signal}: HTTP ${res.status}`);
      throw new ApiError(502, 'upstream_error', `SmartBill answered HTTP ${res.status}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(502, 'upstream_error', 'SmartBill answered with a body that is not JSON');
    }
    const parsed = z.safeParse(responseSchema, body);
    if (!parsed.success) throw new ApiError(502, 'upstream_error', 'SmartBill answered in an unexpected shape');
    const code = String(parsed.data.ResultCode);
    if (code !== '30000') throw new ScrapeApiError(RESULT_CODES[code] ?? unknownResult(code), `${signal}: ResultCode ${code}`);
    return parsed.data.ResultDataSet ?? {};
  }

  /** GET_TOKEN: a new AUTH_TOKEN for one user (SBID) from the business number's AuthCode. */
  async getToken(comRegNo: string, authCode: string, sbid: string, expirationDateCode: string): Promise<string> {
    const data = await this.request('GET_TOKEN', { comRegNo, authCode }, { SbId: sbid, ExpirationDateCode: expirationDateCode });
    const token = data.Table1?.[0]?.AUTH_TOKEN;
    if (typeof token !== 'string' || !token) throw new ApiError(502, 'upstream_error', 'SmartBill GET_TOKEN answered without AUTH_TOKEN');
    return token;
  }

  /** OS_DTI_LIST for one window of at most 30 days; rows as SmartBill sent them. */
  async listInvoices(
    caller: Caller,
    q: { type: 'AR' | 'AP'; dateKind: 'W' | 'I' | 'S'; from: string; to: string },
  ): Promise<ScrapeApiRow[]> {
    const data = await this.request('OS_DTI_LIST', caller, {
      SearchDate: q.dateKind,
      SearchFromDate: q.from,
      SearchToDate: q.to,
      SearchComRegno: caller.comRegNo,
      SupBuy_Type: q.type,
    });
    return data.Table ?? [];
  }

  /** OS_DTI_XML for at most 100 ids (callers batch); ISSUE_ID → XML (`DTI_XML`, or `DTI_MSG`). */
  async xmlBatch(caller: Caller, type: 'AR' | 'AP', issueIds: readonly string[]): Promise<Map<string, string>> {
    if (issueIds.length > XML_BATCH) throw new Error(`OS_DTI_XML takes at most ${XML_BATCH} ids per call`);
    const data = await this.request('OS_DTI_XML', caller, { SupBuy_Type: type, IssueId: [...issueIds] });
    const out = new Map<string, string>();
    for (const r of data.Table ?? []) {
      const xml = r.DTI_XML ?? r.DTI_MSG;
      if (typeof r.ISSUE_ID === 'string' && typeof xml === 'string') out.set(r.ISSUE_ID, xml);
    }
    return out;
  }

  /** PREVIEW_FORM: SmartBill's XSL that renders an invoice's XML. */
  async previewForm(caller: Caller): Promise<string> {
    const data = await this.request('PREVIEW_FORM', caller);
    const content = data.Table1?.find((r) => typeof r.CONTENT === 'string' && r.CONTENT)?.CONTENT;
    if (typeof content !== 'string') throw new ApiError(502, 'upstream_error', 'SmartBill PREVIEW_FORM answered without CONTENT');
    return content;
  }
}
