import { randomBytes, randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { daysBetween, kstToday, oldestRetained } from '../shared/invoice-model.ts';
import { SMARTBILL_SCRAPE_API_URLS, tokenExpiry } from '../server/scrape-api-config.ts';
import { type FakeInvoice, generateInvoices } from './fake-invoices.ts';
import { INVOICE_XSL, invoiceXml } from './invoice-xml.ts';

export interface SmartbillScrapeApiFakeOptions {
  now?: () => number;
  /** Hosts answered (default: demoapi and api). */
  urls?: string[];
}

/** Every envelope the fake received: tests check MessageId, RequestTime and that nothing else was called. */
export interface ReceivedEnvelope {
  url: string;
  body: Record<string, unknown>;
}

/** A string field of the envelope ('' when absent or not a string). */
const field = (body: Record<string, unknown>, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

const SIGNALS = new Set(['GET_TOKEN', 'OS_DTI_LIST', 'OS_DTI_XML', 'PREVIEW_FORM']);

/**
 * A fake of SmartBill's scraping Open API (msw handlers on `…/sb-api/request`
 * and `…/sb-api/request/`). It keeps the documented rules: the JSON envelope,
 * ResultCode "30000" on success, AuthCode per business number and AuthToken
 * per user (SBID) with ExpirationDateCode, 30 days at most per OS_DTI_LIST,
 * 100 ids at most per OS_DTI_XML, 3 months kept, HTTP 503 for maintenance. Unknown or
 * expired tokens get ResultCode 60121 and a wrong AuthCode 60130 (the
 * meanings the adapter assumes; see docs/smartbill-invoices.md).
 */
export function createSmartbillScrapeApiFake(options: SmartbillScrapeApiFakeOptions = {}) {
  const now = options.now ?? Date.now;
  const urls = options.urls ?? Object.values(SMARTBILL_SCRAPE_API_URLS);
  const authCodes = new Map<string, string>(); // business number → AuthCode
  const tokens = new Map<string, { comRegNo: string; sbid: string; expiresAt: number | null }>();
  const invoices = new Map<string, FakeInvoice[]>();
  const received: ReceivedEnvelope[] = [];
  const calls = { GET_TOKEN: 0, OS_DTI_LIST: 0, OS_DTI_XML: 0, PREVIEW_FORM: 0, total: 0 };
  /** Failures to answer with next, in order (tests). */
  const failures: ({ resultCode: string } | { status: number })[] = [];
  let expireAfterLists: number | undefined;
  let maintenance = false;
  let rejectTokens = false;

  /** What SmartBill still holds: it deletes collected invoices after 3 months (seed 001), counted from the 작성일. */
  const invoicesOf = (comRegNo: string) => {
    let list = invoices.get(comRegNo);
    if (!list) invoices.set(comRegNo, (list = generateInvoices(comRegNo, now())));
    const oldest = oldestRetained(kstToday(now()));
    return list.filter((i) => i.writeDate >= oldest);
  };

  const answer = (body: Record<string, unknown>, resultCode: string, message: string, data: Record<string, unknown[]> | null = null) =>
    HttpResponse.json({
      MessageId: body.MessageId ?? null,
      Signal: body.Signal ?? null,
      ConversationId: randomUUID(),
      ResponseTime: new Date(now() + 9 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14),
      ResultCode: resultCode,
      ResultMessage: message,
      ResultDataSet: data,
    });

  const tokenOk = (body: Record<string, unknown>) => {
    const t = tokens.get(field(body, 'AuthToken'));
    return !rejectTokens && !!t && t.comRegNo === body.SendComRegno && (t.expiresAt === null || t.expiresAt > now());
  };

  const handle = async ({ request }: { request: Request }) => {
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return HttpResponse.json({ Message: 'The request is invalid.' }, { status: 400 });
    }
    received.push({ url: request.url, body });
    calls.total += 1;
    if (maintenance) return new HttpResponse('서비스 점검 중입니다.', { status: 503 });
    const failure = failures.shift();
    if (failure && 'status' in failure) return new HttpResponse(null, { status: failure.status });
    if (failure) return answer(body, failure.resultCode, '테스트 오류');
    const signal = typeof body.Signal === 'string' ? body.Signal : '';
    if (!signal) return answer(body, '65002', 'Signal이 없습니다.');
    if (!SIGNALS.has(signal)) return answer(body, '65003', '유효하지 않은 Signal입니다.');
    calls[signal as keyof typeof calls] += 1;
    const mid = field(body, 'MessageId');
    if (!/^[A-Za-z0-9-]{20,36}$/.test(mid) || !/^\d{14}$/.test(field(body, 'RequestTime'))) {
      return answer(body, '65051', 'MessageId 또는 RequestTime 형식이 올바르지 않습니다.');
    }
    const com = field(body, 'SendComRegno');

    if (signal === 'GET_TOKEN') {
      if (!authCodes.has(com) || authCodes.get(com) !== body.AuthCode) return answer(body, '60130', '인증코드가 올바르지 않습니다.');
      const code = field(body, 'ExpirationDateCode');
      if (!/^[DWHMQRYZC]$/.test(code)) return answer(body, '65051', 'ExpirationDateCode가 올바르지 않습니다.');
      const token = issueToken(com, field(body, 'SbId'), code);
      return answer(body, '30000', '정상 처리되었습니다.', { Table1: [{ AUTH_TOKEN: token }] });
    }
    if (signal === 'OS_DTI_LIST' && expireAfterLists !== undefined && --expireAfterLists <= 0) {
      expireAfterLists = undefined;
      for (const t of tokens.values()) t.expiresAt = now() - 1;
    }
    if (!tokenOk(body)) return answer(body, '60121', '인증토큰이 유효하지 않거나 만료되었습니다.');

    if (signal === 'OS_DTI_LIST') {
      const from = field(body, 'SearchFromDate');
      const to = field(body, 'SearchToDate');
      const kind = field(body, 'SearchDate');
      const type = field(body, 'SupBuy_Type');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || !/^[WIS]$/.test(kind) || !/^A[RP]$/.test(type)) {
        return answer(body, '65051', '조회 조건이 올바르지 않습니다.');
      }
      const days = daysBetween(from, to) + 1;
      if (days < 1 || days > 30) return answer(body, '65051', '조회기간은 30일을 초과할 수 없습니다.');
      const date = (i: FakeInvoice) => (kind === 'I' ? i.issueDate : kind === 'S' ? i.sendDate : i.writeDate);
      const rows = invoicesOf(field(body, 'SearchComRegno') || com).filter(
        (i) => i.supBuyType === type && date(i) >= from && date(i) <= to && date(i) <= kstToday(now()),
      );
      return answer(body, '30000', '정상 처리되었습니다.', { Table: rows.map((r, n) => listRow(r, n, rows.length)) });
    }
    if (signal === 'OS_DTI_XML') {
      if (authCodes.get(com) !== body.AuthCode) return answer(body, '60130', '인증코드가 올바르지 않습니다.');
      const ids = Array.isArray(body.IssueId)
        ? body.IssueId.map((x: unknown) => (typeof x === 'string' ? x : ''))
        : [field(body, 'IssueId')];
      if (ids.length > 100) return answer(body, '65051', 'IssueId는 100건까지 조회할 수 있습니다.');
      const type = field(body, 'SupBuy_Type');
      const rows = invoicesOf(com).filter((i) => ids.includes(i.issueId) && i.supBuyType === type);
      return answer(body, '30000', '정상 처리되었습니다.', { Table: rows.map((r) => ({ ISSUE_ID: r.issueId, DTI_XML: invoiceXml(r) })) });
    }
    // PREVIEW_FORM
    return answer(body, '30000', '정상 처리되었습니다.', { Table1: [{ FORM_TYPE: 'DTI', CONTENT: INVOICE_XSL }] });
  };

  function issueToken(comRegNo: string, sbid: string, code: string): string {
    const token = randomBytes(48).toString('base64');
    tokens.set(token, { comRegNo, sbid, expiresAt: tokenExpiry(code, now()) });
    return token;
  }

  const handlers = urls.flatMap((u) => {
    const base = u.replace(/\/+$/, '');
    return [http.post(base, handle), http.post(`${base}/`, handle)];
  });

  return {
    handlers,
    calls,
    received,
    failures,
    /**
     * What SmartBill's signup hands the ERP: the business number's AuthCode
     * (created once) and a token for this user. The signup fake calls this.
     */
    issueCredentials(comRegNo: string, sbid: string, code = 'M'): { AUTH_CODE: string; AUTH_TOKEN: string } {
      let authCode = authCodes.get(comRegNo);
      if (!authCode) authCodes.set(comRegNo, (authCode = randomBytes(16).toString('hex').toUpperCase()));
      return { AUTH_CODE: authCode, AUTH_TOKEN: issueToken(comRegNo, sbid, code) };
    },
    /** Every token issued so far expires now. */
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = now() - 1;
    },
    /** Every token expires during the n-th OS_DTI_LIST call from now (that call is refused). */
    expireTokensAtList(n: number) {
      expireAfterLists = n;
    },
    /** Every AuthToken is refused (60121), even a fresh one. */
    setRejectTokens(on: boolean) {
      rejectTokens = on;
    },
    setMaintenance(on: boolean) {
      maintenance = on;
    },
    invoicesOf,
  };
}
export type SmartbillScrapeApiFake = ReturnType<typeof createSmartbillScrapeApiFake>;

/** One OS_DTI_LIST row, every value a string as SmartBill sends them. */
function listRow(i: FakeInvoice, n: number, total: number): Record<string, string> {
  return {
    ISSUE_ID: i.issueId,
    SUPBUY_TYPE: i.supBuyType,
    DTI_WDATE: i.writeDate,
    DTI_IDATE: i.issueDate,
    DTI_SDATE: i.sendDate,
    TYPE_CODE: i.typeCode,
    DTI_TYPE: i.typeCode.slice(0, 2),
    TAX_DEMAND: i.taxDemand,
    SEQ_ID: String(n + 1),
    SUP_COM_REGNO: i.supplier.regNo,
    SUP_REP_NAME: i.supplier.rep,
    SUP_COM_NAME: i.supplier.name,
    SUP_EMAIL: i.supplier.email,
    BYR_COM_REGNO: i.buyer.regNo,
    BYR_REP_NAME: i.buyer.rep,
    BYR_COM_NAME: i.buyer.name,
    BYR_EMAIL: i.buyer.email,
    SUP_AMOUNT: i.supAmount,
    TAX_AMOUNT: i.taxAmount,
    TOTAL_AMOUNT: i.totalAmount,
    TOTAL_CNT: String(total),
  };
}
