import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { StoreCache } from '../../src/core/server/cache.ts';
import type { ApiError } from '../../src/core/server/errors.ts';
import { createLogger } from '../../src/core/server/logger.ts';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { InvoiceCredentials } from '../../src/smartbill/server/invoice-credentials.ts';
import { addDays, type Invoice, type InvoiceListResult, kstToday, sumWon } from '../../src/smartbill/shared/invoice-model.ts';
import { InvoiceService } from '../../src/smartbill/server/invoice-service.ts';
import { InvoiceStore } from '../../src/smartbill/server/invoice-store.ts';
import { mergeWindows, normaliseWon, oldestRetained, splitWindows } from '../../src/smartbill/server/invoice-windows.ts';
import { ScrapeApiClient } from '../../src/smartbill/server/scrape-api-client.ts';
import { scrapeApiConfigSchema, SMARTBILL_SCRAPE_API_URLS } from '../../src/smartbill/server/scrape-api-config.ts';
import { ALL_TYPE_CODES, generateInvoices } from '../../src/smartbill/sandbox/fake-invoices.ts';
import { createSmartbillScrapeApiFake, type SmartbillScrapeApiFake } from '../../src/smartbill/sandbox/fake-scrape-api.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { mintTestToken } from '../helpers/auth.ts';

const KEY = Buffer.alloc(32, 9).toString('base64');
const COM = '1208147521';
const SBID = 'sb_erp-user-1';
// A fixed clock (03:00 KST on 2026-11-25) so the 3-month retention and the windows are stable.
const T0 = Date.parse('2026-11-24T18:00:00Z');

/** The credentials SmartBill's signup would hand over, stored as the matched callback of an attempt. */
async function connect(adapter: TestAdapter, fake: SmartbillScrapeApiFake, at: number, com = COM) {
  const issued = fake.issueCredentials(com, SBID);
  const signups = new SmartbillSignupStore(adapter.adapter.store, createCrypto({ key: KEY }));
  await signups.createAttempt({ env: 'demo', comRegNo: com, pID: 'erp-user-1', sub: 'erp-user-1' }, at - 60_000);
  await signups.recordCallback(
    { COM_REGNO: com, ...issued, SBID, pID: 'erp-user-1', Email: null, regYn: 'Y', shape: 'current', extra: {} },
    at,
  );
  return issued;
}

describe('SmartBill invoices (Open API)', () => {
  let adapter: TestAdapter;
  let fake: SmartbillScrapeApiFake;
  let clock = T0;
  const bodies: string[] = [];
  const secrets = new Set<string>();

  const token = (o: { com?: string; scope?: string } = {}) => mintTestToken({ com: COM, scope: 'smartbill:invoices', now: clock, ...o });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await adapter.call(path, { headers: { Authorization: `Bearer ${await token()}`, ...headers } });
    bodies.push(await res.clone().text());
    return res;
  };
  const list = (q: Record<string, string>, headers: Record<string, string> = {}) =>
    get(`/smartbill/invoices?${new URLSearchParams({ comRegNo: COM, dateKind: 'W', ...q })}`, headers);
  const today = () => kstToday(clock);

  before(async () => {
    adapter = await startTestAdapter(
      { smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false } } },
      { now: () => clock },
    );
  });
  after(async () => {
    await adapter.close();
    // No AUTH_TOKEN or AUTH_CODE (first or re-issued) in any response or log line.
    const tokens = fake.received.flatMap((r) => [r.body.AuthToken, r.body.AuthCode]).filter((s): s is string => !!s);
    for (const t of tokens) secrets.add(t);
    const seen = [...bodies, ...adapter.logs].join('\n');
    for (const s of secrets) assert.equal(seen.includes(s), false, 'a secret leaked into a response or log line');
  });
  beforeEach(async () => {
    clock += 3_600_000; // past every 20-minute list cache
    fake = createSmartbillScrapeApiFake({ now: () => clock });
    mockProviders(...fake.handlers);
    const issued = await connect(adapter, fake, clock);
    secrets.add(issued.AUTH_CODE).add(issued.AUTH_TOKEN);
  });

  it('a 92-day period makes 4 windows of at most 30 days, merged without duplicates and sorted', async () => {
    const from = addDays(today(), -91);
    const res = await list({ type: 'AR', from, to: today() });
    assert.equal(res.status, 200);
    const body = (await res.json()) as InvoiceListResult;
    assert.equal(body.windows, 4);
    const windows = fake.received.filter((r) => r.body.Signal === 'OS_DTI_LIST').map((r) => [r.body.SearchFromDate, r.body.SearchToDate]);
    assert.deepEqual(windows.map(([f]) => f).sort(), [from, addDays(from, 30), addDays(from, 60), addDays(from, 90)]);
    const ids = body.invoices.map((i) => i.issueId);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    const expected = fake.invoicesOf(COM).filter((i) => i.supBuyType === 'AR' && i.writeDate >= from && i.writeDate <= today());
    assert.ok(expected.length > 100, `several hundred invoices (${expected.length} sales in the period)`);
    assert.deepEqual([...ids].sort(), expected.map((i) => i.issueId).sort());
    const dates = body.invoices.map((i) => i.writeDate);
    assert.deepEqual(dates, [...dates].sort(), 'sorted by 작성일');
  });

  it('totals equal the sum of the rows to the won (BigInt, incl. negative 수정 amounts)', async () => {
    const res = await list({ type: 'AP', from: addDays(today(), -60), to: today() });
    const body = (await res.json()) as InvoiceListResult;
    const sum = (k: keyof Invoice) => body.invoices.reduce((s, i) => s + BigInt(i[k] as string), 0n).toString();
    assert.ok(
      body.invoices.some((i) => i.totalAmount.startsWith('-')),
      'a reversed 수정 invoice is in the period',
    );
    assert.equal(body.totals.count, body.invoices.length);
    assert.equal(body.totals.supAmount, sum('supAmount'));
    assert.equal(body.totals.taxAmount, sum('taxAmount'));
    assert.equal(body.totals.totalAmount, sum('totalAmount'));
    assert.equal(BigInt(body.totals.supAmount) + BigInt(body.totals.taxAmount), BigInt(body.totals.totalAmount));
    for (const i of body.invoices) assert.match(i.totalAmount, /^-?\d+$/);
  });

  it('a token that expires mid-run is re-issued once (GET_TOKEN) and the run completes; the new token is kept', async () => {
    fake.expireTokensAtList(2);
    const res = await list({ type: 'AR', from: addDays(today(), -91), to: today() });
    assert.equal(res.status, 200);
    const body = (await res.json()) as InvoiceListResult;
    assert.equal(fake.calls.GET_TOKEN, 1);
    const expected = fake.invoicesOf(COM).filter((i) => i.supBuyType === 'AR' && i.writeDate >= addDays(today(), -91));
    assert.equal(body.invoices.length, expected.length, 'every window arrived');
    const getToken = fake.received.find((r) => r.body.Signal === 'GET_TOKEN')!.body;
    assert.equal(getToken.SbId, SBID);
    assert.equal(getToken.ExpirationDateCode, 'M');
    // The re-issued token serves the next run too.
    clock += 25 * 60_000;
    assert.equal((await list({ type: 'AP', from: addDays(today(), -10), to: today() })).status, 200);
    assert.equal(fake.calls.GET_TOKEN, 1);
  });

  it('a token SmartBill refuses (60121) is re-issued once and the call retried', async () => {
    fake.failures.push({ resultCode: '60121' });
    const res = await list({ type: 'AR', from: addDays(today(), -5), to: today() });
    assert.equal(res.status, 200);
    assert.equal(fake.calls.GET_TOKEN, 1);
  });

  it('a token refused again after re-issuing fails with smartbill_token_rejected (still one GET_TOKEN)', async () => {
    fake.setRejectTokens(true);
    const err = await errorOf(await list({ type: 'AR', from: addDays(today(), -5), to: today() }));
    assert.deepEqual([err.status, err.code], [502, 'smartbill_token_rejected']);
    assert.equal(fake.calls.GET_TOKEN, 1);
  });

  it('maps SmartBill result codes and HTTP statuses to stable errors', async () => {
    const cases: [{ resultCode: string } | { status: number }, number, string][] = [
      [{ resultCode: '60129' }, 403, 'smartbill_signal_not_permitted'],
      [{ resultCode: '65051' }, 400, 'smartbill_invalid_search'],
      [{ resultCode: '65003' }, 502, 'smartbill_invalid_signal'],
      [{ resultCode: '99999' }, 502, 'smartbill_api_error'],
      [{ status: 503 }, 503, 'smartbill_maintenance'],
      [{ status: 403 }, 502, 'smartbill_forbidden'],
      [{ status: 500 }, 502, 'upstream_error'],
    ];
    for (const [failure, status, code] of cases) {
      clock += 3_600_000;
      fake.failures.push(failure);
      const err = await errorOf(await list({ type: 'AR', from: today(), to: today() }));
      assert.deepEqual([err.status, err.code], [status, code], JSON.stringify(failure));
    }
  });

  it('a period older than 3 months is refused with smartbill_out_of_retention, before any call', async () => {
    const err = await errorOf(await list({ type: 'AR', from: addDays(today(), -100), to: addDays(today(), -80) }));
    assert.equal(err.code, 'smartbill_out_of_retention');
    assert.equal(err.status, 400);
    assert.equal(fake.calls.total, 0);
    const bad = await errorOf(await list({ type: 'XX', from: today(), to: today() }));
    assert.equal(bad.code, 'invalid_request');
  });

  it('results are cached in the store for 20 minutes', async () => {
    const q = { type: 'AR', from: addDays(today(), -40), to: today() };
    await list(q);
    assert.equal(fake.calls.OS_DTI_LIST, 2);
    clock += 19 * 60_000;
    await list(q);
    assert.equal(fake.calls.OS_DTI_LIST, 2, 'served from the store');
    clock += 2 * 60_000;
    await list(q);
    assert.equal(fake.calls.OS_DTI_LIST, 4, 'fetched again after 20 minutes');
  });

  it('says when the rows were fetched ("as of"): a cached window keeps its first fetch time; with SmartBill\'s site', async () => {
    const recent = { type: 'AR', from: addDays(today(), -10), to: today() };
    const first = clock;
    const a = (await (await list(recent)).json()) as InvoiceListResult;
    assert.deepEqual([a.fetchedAt, a.site], [first, 'https://demo.smartbill.co.kr']);
    clock += 5 * 60_000;
    const b = (await (await list(recent)).json()) as InvoiceListResult;
    assert.equal(b.fetchedAt, first, 'served from the cache: as of the first fetch, not now');
    // 41 days: the older window [-40, -11] is fetched now, the newer one is the cached 10-day window.
    const calls = fake.calls.OS_DTI_LIST;
    const longer = (await (await list({ type: 'AR', from: addDays(today(), -40), to: today() })).json()) as InvoiceListResult;
    assert.deepEqual([longer.windows, fake.calls.OS_DTI_LIST - calls], [2, 1], 'one window fetched, one from the cache');
    assert.equal(longer.fetchedAt, first, '"as of" is the older of the two fetches');
    clock += 21 * 60_000;
    const c = (await (await list(recent)).json()) as InvoiceListResult;
    assert.equal(c.fetchedAt, clock, 'fetched again after 20 minutes');
  });

  it('streams progress as NDJSON (windows done / total), then the result', async () => {
    const res = await list({ type: 'AP', from: addDays(today(), -91), to: today() }, { Accept: 'application/x-ndjson' });
    assert.match(res.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.type === 'progress').map((l) => `${l.done}/${l.total}`);
    assert.deepEqual(progress, ['0/4', '1/4', '2/4', '3/4', '4/4']);
    assert.equal(lines.at(-1).type, 'result');
    assert.equal(lines.at(-1).result.windows, 4);
  });

  it('a failure during the stream arrives as an error line', async () => {
    fake.failures.push({ resultCode: '60129' });
    const res = await list({ type: 'AP', from: addDays(today(), -3), to: today() }, { Accept: 'application/x-ndjson' });
    const last = JSON.parse((await res.text()).trim().split('\n').at(-1)!);
    // The error names the request, as every error body does (issue 21).
    const requestId = res.headers.get('x-request-id');
    assert.ok(requestId);
    assert.deepEqual(last, { type: 'error', error: { code: 'smartbill_signal_not_permitted', message: last.error.message, requestId } });
  });

  it('every envelope has a unique 20–36 character MessageId, a KST RequestTime and the business number', async () => {
    await list({ type: 'AR', from: addDays(today(), -70), to: today() });
    const envs = fake.received.map((r) => r.body);
    const ids = envs.map((e) => String(e.MessageId));
    assert.equal(new Set(ids).size, ids.length);
    for (const e of envs) {
      assert.match(String(e.MessageId), /^[A-Za-z0-9-]{20,36}$/);
      assert.equal(e.SendComRegno, COM);
      assert.equal(e.ServiceCode, 'DTI');
    }
    // 03:00 KST on the 25th is 18:00 UTC on the 24th.
    assert.equal(String(envs[0]!.RequestTime).slice(0, 8), today().replace(/-/g, ''));
    assert.match(String(envs[0]!.RequestTime), /^\d{14}$/);
  });

  it('GET /smartbill/invoices/:issueId gives the XML; /smartbill/preview-form the XSL, cached for a day', async () => {
    const inv = fake.invoicesOf(COM).find((i) => i.supBuyType === 'AP')!;
    const res = await get(`/smartbill/invoices/${inv.issueId}?type=AP&comRegNo=${COM}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
    const xml = await res.text();
    assert.ok(xml.includes(`<IssueID>${inv.issueId}</IssueID>`));
    const missing = await errorOf(await get(`/smartbill/invoices/20990101-00000000-00000000?type=AP&comRegNo=${COM}`));
    assert.equal(missing.code, 'smartbill_invoice_not_found');
    const xsl1 = await (await get(`/smartbill/preview-form?comRegNo=${COM}`)).text();
    const xsl2 = await (await get(`/smartbill/preview-form?comRegNo=${COM}`)).text();
    assert.match(xsl1, /xsl:stylesheet/);
    assert.equal(xsl1, xsl2);
    assert.equal(fake.calls.PREVIEW_FORM, 1, 'the XSL came from the store the second time');
    clock += 25 * 3_600_000;
    await get(`/smartbill/preview-form?comRegNo=${COM}`);
    assert.equal(fake.calls.PREVIEW_FORM, 2, 'fetched again after a day');
  });

  it('a business without credentials gets 409 smartbill_not_connected; a token for it never reads another company', async () => {
    const path = `/smartbill/invoices?type=AR&from=${today()}&to=${today()}`;
    const other = { Authorization: `Bearer ${await token({ com: '1111111119' })}` };
    assert.deepEqual(await errorOf(await get(path, other)).then((e) => [e.status, e.code]), [409, 'smartbill_not_connected']);
    const crossing = await errorOf(await get(`${path}&comRegNo=${COM}`, other));
    assert.deepEqual([crossing.status, crossing.code], [403, 'tenant_mismatch']);
  });

  it('needs a page token with scope smartbill:invoices', async () => {
    const path = `/smartbill/invoices?type=AR&from=${today()}&to=${today()}`;
    const none = await errorOf(await adapter.call(path));
    assert.deepEqual([none.status, none.code], [401, 'token_missing']);
    const wrongScope = await errorOf(await get(path, { Authorization: `Bearer ${await token({ scope: 'smartbill:signup' })}` }));
    assert.deepEqual([wrongScope.status, wrongScope.code], [403, 'scope_missing']);
    for (const p of [`/smartbill/invoices/20261101-41000001-00000000?type=AR`, '/smartbill/preview-form']) {
      assert.equal((await adapter.call(p)).status, 401, p);
    }
    assert.equal(fake.calls.total, 0);
  });
});

for (const url of ['https://demoapi.smartbill.co.kr/sb-api/request', 'https://demoapi.smartbill.co.kr/sb-api/request/']) {
  describe(`Open API at ${url}`, () => {
    let adapter: TestAdapter;
    const clock = T0;
    before(async () => {
      adapter = await startTestAdapter(
        { smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false }, openApi: { url } } },
        { now: () => clock },
      );
    });
    after(() => adapter.close());

    it('works, and never follows a redirect: the envelope (with the AuthToken) stays with SmartBill', async () => {
      const fake = createSmartbillScrapeApiFake({ now: () => clock });
      mockProviders(...fake.handlers);
      await connect(adapter, fake, clock);
      const path = `/smartbill/invoices?type=AR&from=${kstToday(clock)}&to=${kstToday(clock)}&comRegNo=${COM}`;
      const headers = { Authorization: `Bearer ${await mintTestToken({ com: COM, scope: 'smartbill:invoices', now: clock })}` };
      assert.equal((await adapter.call(path, { headers })).status, 200);
      assert.equal(fake.received[0]!.url, url);

      let stolen = 0;
      mockProviders(
        http.post(url, () => new HttpResponse(null, { status: 307, headers: { Location: 'https://evil.example/collect' } })),
        http.post('https://evil.example/collect', () => {
          stolen += 1;
          return HttpResponse.json({ ResultCode: '30000', ResultDataSet: { Table: [] } });
        }),
      );
      const err = await errorOf(await adapter.call(path.replace('type=AR', 'type=AP'), { headers }));
      assert.deepEqual([err.status, err.code], [502, 'upstream_error']);
      assert.equal(stolen, 0);
    });
  });
}

describe('InvoiceService and the pieces under it', () => {
  let adapter: TestAdapter;
  const clock = T0;
  before(async () => {
    adapter = await startTestAdapter({ smartbill: { environment: 'demo', encryptionKey: KEY } }, { now: () => clock });
  });
  after(() => adapter.close());

  const service = () => {
    const store = adapter.adapter.store;
    const box = createCrypto({ key: KEY });
    const now = () => clock;
    return new InvoiceService({
      client: new ScrapeApiClient({ url: SMARTBILL_SCRAPE_API_URLS.demo, timeoutMs: 5000, fetch: (i, init) => fetch(i, init), now }),
      credentials: new InvoiceCredentials(new SmartbillSignupStore(store, box).credentials),
      invoices: new InvoiceStore(new StoreCache(store, now), box, now),
      store,
      config: scrapeApiConfigSchema.parse({}),
      logger: createLogger({ silent: true }),
      now,
      xslScope: 'test',
      site: 'https://demo.smartbill.co.kr',
    });
  };

  it('250 ids make 3 OS_DTI_XML calls of at most 100 ids', async () => {
    const fake = createSmartbillScrapeApiFake({ now: () => clock });
    mockProviders(...fake.handlers);
    await connect(adapter, fake, clock);
    const known = fake
      .invoicesOf(COM)
      .filter((i) => i.supBuyType === 'AR')
      .map((i) => i.issueId);
    const ids = [...known, ...Array.from({ length: 250 }, (_, n) => `20260101-00000000-${String(n).padStart(8, '0')}`)].slice(0, 250);
    const xml = await service().xml({ comRegNo: COM }, 'AR', ids);
    const calls = fake.received.filter((r) => r.body.Signal === 'OS_DTI_XML').map((r) => (r.body.IssueId as string[]).length);
    assert.deepEqual(calls, [100, 100, 50]);
    assert.equal(xml.size, Math.min(known.length, 250));
  });

  /** The scraping client straight on a fresh fake: what these tests send, the adapter would refuse itself. */
  async function onTheFake() {
    const fake = createSmartbillScrapeApiFake({ now: () => clock });
    mockProviders(...fake.handlers);
    const issued = await connect(adapter, fake, clock);
    const client = new ScrapeApiClient({
      url: SMARTBILL_SCRAPE_API_URLS.demo,
      timeoutMs: 5000,
      fetch: (i, init) => fetch(i, init),
      now: () => clock,
    });
    return { client, caller: { comRegNo: COM, authToken: issued.AUTH_TOKEN, authCode: issued.AUTH_CODE } };
  }

  it('the fake enforces the 30-day rule: a 31-day OS_DTI_LIST gets its error', async () => {
    const { client, caller } = await onTheFake();
    const today = kstToday(clock);
    assert.ok((await client.listInvoices(caller, { type: 'AR', dateKind: 'W', from: addDays(today, -29), to: today })).length > 0);
    await assert.rejects(
      client.listInvoices(caller, { type: 'AR', dateKind: 'W', from: addDays(today, -30), to: today }),
      (e: ApiError) => {
        assert.equal(e.code, 'smartbill_invalid_search');
        return true;
      },
    );
  });

  it('the fake keeps 3 months, as seed 001 says (보관 후 자동삭제): older invoices are gone from the list and the XML', async () => {
    const { client, caller } = await onTheFake();
    const oldest = oldestRetained(kstToday(clock));
    const older = generateInvoices(COM, clock).filter((i) => i.supBuyType === 'AR' && i.writeDate < oldest);
    assert.ok(older.length > 0, 'the generator has older invoices for the fake to have deleted');
    const q = { type: 'AR', dateKind: 'W' } as const;
    assert.deepEqual(await client.listInvoices(caller, { ...q, from: addDays(oldest, -29), to: addDays(oldest, -1) }), []);
    assert.equal((await client.xmlBatch(caller, 'AR', [older[0]!.issueId])).size, 0);
    assert.ok((await client.listInvoices(caller, { ...q, from: oldest, to: addDays(oldest, 29) })).length > 0);
  });

  it('the fake covers every TYPE_CODE kind, AR and AP, over 4 months', () => {
    const all = generateInvoices(COM, clock);
    assert.ok(all.length >= 300, `${all.length} invoices`);
    for (const code of ALL_TYPE_CODES)
      assert.ok(
        all.some((i) => i.typeCode === code),
        code,
      );
    assert.ok(all.some((i) => i.supBuyType === 'AP') && all.some((i) => i.supBuyType === 'AR'));
    assert.ok(all[0]!.writeDate <= addDays(kstToday(clock), -120));
  });

  it('windows, merge, amounts and retention', () => {
    assert.deepEqual(splitWindows('2026-08-25', '2026-11-24'), [
      { from: '2026-08-25', to: '2026-09-23' },
      { from: '2026-09-24', to: '2026-10-23' },
      { from: '2026-10-24', to: '2026-11-22' },
      { from: '2026-11-23', to: '2026-11-24' },
    ]);
    assert.deepEqual(splitWindows('2026-11-01', '2026-11-30'), [{ from: '2026-11-01', to: '2026-11-30' }]);
    const row = (issueId: string, writeDate: string) => ({ issueId, writeDate }) as Invoice;
    const merged = mergeWindows(
      [
        [row('B', '2026-11-02'), row('A', '2026-11-01')],
        [row('B', '2026-11-02'), row('C', '2026-11-01')],
      ],
      'W',
    );
    assert.deepEqual(
      merged.map((r) => r.issueId),
      ['A', 'C', 'B'],
    );
    assert.equal(normaliseWon('1,234,000'), '1234000');
    assert.equal(normaliseWon('-500.00'), '-500');
    assert.throws(() => normaliseWon('12.5'));
    assert.equal(sumWon(['9007199254740993', '1']), '9007199254740994', 'beyond float precision');
    assert.equal(oldestRetained('2026-05-31'), '2026-02-28');
  });
});
