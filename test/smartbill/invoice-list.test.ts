import { expect, fixture, html } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import '../../src/smartbill/element/smartbill-invoice-list.ts';
import { csvCell, toCsv } from '../../src/smartbill/element/invoice-csv.ts';
import type { SmartbillInvoiceList } from '../../src/smartbill/element/invoice-list.ts';
import { errorsKo as invoiceErrorsKo } from '../../src/smartbill/element/invoice-list.errors.ko.ts';
import { invoiceMessages } from '../../src/smartbill/element/invoice-list.messages.ts';
import { type Invoice, type InvoiceListResult, kstToday, oldestRetained, totalsOf } from '../../src/smartbill/shared/invoice-model.ts';
import { en } from '../../src/smartbill/element/invoice-list.messages.en.ts';
import { generateInvoices } from '../../src/smartbill/sandbox/fake-invoices.ts';
import { INVOICE_XSL, invoiceXml } from '../../src/smartbill/sandbox/invoice-xml.ts';
import { sendKeys } from '@web/test-runner-commands';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';

const ko = { ...invoiceMessages.ko, ...invoiceErrorsKo };
const COM = '1208147521';
const all = generateInvoices(COM, Date.parse('2026-11-24T18:00:00Z'));
const fakeRow = (i: (typeof all)[number]): Invoice => ({
  issueId: i.issueId,
  supBuyType: i.supBuyType,
  writeDate: i.writeDate,
  issueDate: i.issueDate,
  sendDate: i.sendDate,
  typeCode: i.typeCode,
  taxDemand: i.taxDemand,
  supplier: { regNo: i.supplier.regNo, name: i.supplier.name, rep: i.supplier.rep, email: i.supplier.email },
  buyer: { regNo: i.buyer.regNo, name: i.buyer.name, rep: i.buyer.rep, email: i.buyer.email },
  supAmount: i.supAmount,
  taxAmount: i.taxAmount,
  totalAmount: i.totalAmount,
});
const sales = all.filter((i) => i.supBuyType === 'AR').slice(-40);
const rows = sales.map(fakeRow);
// A counterpart whose name is a formula, and one with a comma and quotes.
rows[0] = { ...rows[0]!, buyer: { ...rows[0]!.buyer, name: '=HYPERLINK("https://evil.example","클릭")' } };
rows[1] = { ...rows[1]!, buyer: { ...rows[1]!.buyer, name: '(주)가나, "다라"' } };
/** 10:20 KST on 2026-10-31: when the adapter fetched the rows. */
const FETCHED_AT = Date.parse('2026-10-31T01:20:00Z');
const result = (invoices: Invoice[]): InvoiceListResult => ({
  type: 'AR',
  dateKind: 'W',
  from: '2026-10-01',
  to: '2026-10-31',
  windows: 2,
  invoices,
  totals: totalsOf(invoices),
  fetchedAt: FETCHED_AT,
  site: 'https://www.smartbill.co.kr',
});

/** The adapter's NDJSON answer: progress per window, then the result. */
const ndjson = (r: InvoiceListResult) =>
  new HttpResponse(
    [
      `{"type":"progress","done":0,"total":2}`,
      `{"type":"progress","done":1,"total":2}`,
      JSON.stringify({ type: 'result', result: r }),
    ].join('\n') + '\n',
    {
      headers: { 'Content-Type': 'application/x-ndjson' },
    },
  );

const q = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel);
const qa = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)];
const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const won = (s: string) => BigInt(s.replace(/,/g, ''));

async function listed(r = result(rows), attrs = '') {
  const seen: URL[] = [];
  await mockAdapter(
    http.get('/adapter/smartbill/invoices', ({ request }) => {
      seen.push(new URL(request.url));
      return ndjson(r);
    }),
  );
  const el = await fixture<SmartbillInvoiceList>(
    html`<smartbill-invoice-list
      adapter="/adapter"
      com-reg-no=${COM}
      from="2026-10-01"
      to="2026-10-31"
      token="page.token.x"
      lang=${attrs || 'ko'}
    ></smartbill-invoice-list>`,
  );
  await waitUntil(() => q(el, 'table') || q(el, '[part=empty]') || q(el, '[part=error]'), 'the list loaded');
  await el.updateComplete;
  return { el, seen };
}

describe('<smartbill-invoice-list>', () => {
  it('loads the period from the NDJSON stream with the page token and shows a real table with a totals row', async function () {
    this.timeout(30_000); // the first test starts msw's worker
    const { el, seen } = await listed();
    expect(seen[0]!.searchParams.get('type')).to.equal('AR');
    expect(seen[0]!.searchParams.get('dateKind')).to.equal('W');
    expect(seen[0]!.searchParams.get('from')).to.equal('2026-10-01');
    expect(seen[0]!.searchParams.get('comRegNo')).to.equal(COM);
    const body = qa(el, 'tbody tr');
    expect(body.length).to.equal(rows.length);
    expect(qa(el, 'thead th').map(text)).to.deep.equal([
      '작성일',
      '거래처 상호',
      '사업자번호',
      '공급가액',
      '세액',
      '합계',
      '종류',
      '영수/청구',
    ]);
    // Totals equal the sum of the rows shown, to the won.
    const foot = qa(el, 'tfoot td').map(text);
    for (const [col, i] of [
      [3, 0],
      [4, 1],
      [5, 2],
    ] as const) {
      const sum = body.reduce((s, tr) => s + won(text(tr.children[col]!)), 0n);
      expect(won(foot[i]!)).to.equal(sum);
    }
    expect(text(q(el, 'tfoot th'))).to.equal(`합계 (${rows.length}건)`);
    await expect(el).to.be.accessible();
  });

  it('sorts by a column header button, with aria-sort, by exact amounts', async () => {
    const { el } = await listed();
    const th = () => qa(el, 'thead th');
    expect(th()[0]!.getAttribute('aria-sort')).to.equal('descending');
    expect(th()[5]!.getAttribute('aria-sort')).to.equal('none');
    const totalButton = th()[5]!.querySelector('button')!;
    totalButton.focus();
    totalButton.click();
    await el.updateComplete;
    expect(th()[5]!.getAttribute('aria-sort')).to.equal('descending');
    expect(th()[0]!.getAttribute('aria-sort')).to.equal('none');
    const totals = qa(el, 'tbody tr').map((tr) => won(text(tr.children[5]!)));
    expect(totals).to.deep.equal([...totals].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    totalButton.click();
    await el.updateComplete;
    expect(th()[5]!.getAttribute('aria-sort')).to.equal('ascending');
  });

  it('shows the empty state explaining the ~20-minute collection delay', async () => {
    const { el } = await listed(result([]));
    expect(text(q(el, '[part=empty]'))).to.equal(ko.empty);
    expect(q(el, 'table')).to.equal(null);
  });

  it('says "as of" when the adapter fetched the rows (KST), and why they can be ~40 minutes old', async () => {
    const { el } = await listed();
    const asOf = q(el, '[part=as-of]')!;
    expect(q(el, '[part=as-of] time')!.getAttribute('datetime')).to.equal('2026-10-31T01:20:00.000Z');
    expect(text(asOf)).to.equal(`2026-10-31 10:20 기준 ${ko.as_of_delay}`);
    expect(ko.as_of_delay).to.contain('20분').and.contain('40분');
    const empty = await listed(result([]));
    expect(text(q(empty.el, '[part=as-of]'))).to.contain('2026-10-31 10:20 기준');
    const english = await listed(result([]), 'en');
    await waitUntil(() => text(q(english.el, '[part=as-of]')).startsWith('As of 2026-10-31 10:20 KST'), 'English "as of"');
    expect(text(q(english.el, '[part=as-of]'))).to.contain(en.as_of_delay);
    await expect(el).to.be.accessible();
  });

  it("the empty state points to SmartBill's collection setup (department user, os_cominfo_list.aspx) on the adapter's site", async () => {
    const { el } = await listed(result([]));
    const setup = q(el, '[part=setup]')!;
    expect(text(setup)).to.contain(ko.setup_dept_user);
    const links = [...setup.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal([
      'https://demo.smartbill.co.kr/Support/file_pds/%ED%99%88%ED%85%8D%EC%8A%A4%20%EB%B6%80%EC%84%9C%EC%82%AC%EC%9A%A9%EC%9E%90%20%EA%B0%80%EC%9E%85%20%EC%95%88%EB%82%B4.pdf',
      'https://www.smartbill.co.kr/xMain/openscrap/os_cominfo_list.aspx',
    ]);
    const demo = await listed({ ...result([]), site: 'https://demo.smartbill.co.kr' });
    expect(q(demo.el, '[part=setup] li:nth-child(2) a')!.getAttribute('href')).to.equal(
      'https://demo.smartbill.co.kr/xMain/openscrap/os_cominfo_list.aspx',
    );
    const sandbox = await listed({ ...result([]), site: 'sandbox/smartbill' });
    expect(q(sandbox.el, '[part=setup] li:nth-child(2) a')!.getAttribute('href')).to.equal(
      `${location.origin}/adapter/sandbox/smartbill/xMain/openscrap/os_cominfo_list.aspx`,
    );
    const full = await listed();
    expect(q(full.el, '[part=setup]'), 'not shown with invoices').to.equal(null);
    await expect(el).to.be.accessible();
  });

  for (const code of ['smartbill_not_connected', 'smartbill_signal_not_permitted']) {
    it(`${code} ("not registered") shows the setup steps, linking the SmartBill of the env attribute`, async () => {
      await mockAdapter(
        http.get('/adapter/smartbill/invoices', () => HttpResponse.json({ error: { code, message: 'x' } }, { status: 409 })),
      );
      for (const [env, host] of [
        ['', 'www'],
        ['demo', 'demo'],
      ]) {
        const el = await fixture<SmartbillInvoiceList>(
          html`<smartbill-invoice-list adapter="/adapter" env=${env || 'production'}></smartbill-invoice-list>`,
        );
        await waitUntil(() => q(el, '[part=setup]'), 'setup shown');
        expect(q(el, '[part=setup] li:nth-child(2) a')!.getAttribute('href')).to.equal(
          `https://${host}.smartbill.co.kr/xMain/openscrap/os_cominfo_list.aspx`,
        );
        await expect(el).to.be.accessible();
      }
    });
  }

  it('offers only dates SmartBill still keeps: min is 3 months back (KST), max today; the start not after the end', async () => {
    const { el } = await listed();
    const [from, to] = qa(el, 'input[type=date]') as HTMLInputElement[];
    const today = kstToday(Date.now());
    expect([from!.min, from!.max]).to.deep.equal([oldestRetained(today), '2026-10-31']);
    expect([to!.min, to!.max]).to.deep.equal(['2026-10-01', today]);
  });

  it('shows adapter errors (role=alert) and fires smartbill-invoice-error', async () => {
    await mockAdapter(
      http.get('/adapter/smartbill/invoices', () =>
        HttpResponse.json({ error: { code: 'smartbill_not_connected', message: 'no credentials' } }, { status: 409 }),
      ),
    );
    const el = document.createElement('smartbill-invoice-list');
    const event = nextEvent<CustomEvent>(document, 'smartbill-invoice-error');
    el.setAttribute('adapter', '/adapter');
    document.body.append(el);
    expect((await event).detail.code).to.equal('smartbill_not_connected');
    await el.updateComplete;
    expect(text(q(el, '[role=alert]'))).to.equal(ko.smartbill_not_connected);
    el.remove();
  });

  it('an error line in the stream becomes the element error', async () => {
    await mockAdapter(
      http.get(
        '/adapter/smartbill/invoices',
        () =>
          new HttpResponse(
            '{"type":"progress","done":0,"total":4}\n{"type":"error","error":{"code":"smartbill_maintenance","message":"m"}}\n',
            {
              headers: { 'Content-Type': 'application/x-ndjson' },
            },
          ),
      ),
    );
    const el = await fixture<SmartbillInvoiceList>(html`<smartbill-invoice-list adapter="/adapter"></smartbill-invoice-list>`);
    await waitUntil(() => q(el, '[role=alert]'), 'error shown');
    expect(text(q(el, '[role=alert]'))).to.equal(ko.smartbill_maintenance);
  });

  it('exports CSV: UTF-8 BOM, RFC 4180 quoting, =HYPERLINK(...) neutralised, totals row', async () => {
    const { el } = await listed();
    const csv = el.exportCsv();
    expect(csv.startsWith('\uFEFF작성일,거래처 상호,사업자번호,공급가액,세액,합계,종류,영수/청구,ISSUE_ID\r\n')).to.equal(true);
    expect(csv).to.include(`"'=HYPERLINK(""https://evil.example"",""클릭"")"`);
    expect(csv).not.to.match(/(^|,)=HYPERLINK/m);
    expect(csv).to.include('"(주)가나, ""다라"""');
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines.length).to.equal(rows.length + 2);
    expect(lines.at(-1)).to.include(`합계 (${rows.length}건),,,${totalsOf(rows).supAmount},`);
  });

  it('csvCell prefixes every formula starter but keeps whole numbers numeric', () => {
    expect(csvCell('=1+2')).to.equal("'=1+2");
    expect(csvCell('+82 10')).to.equal("'+82 10");
    expect(csvCell('-cmd|calc')).to.equal("'-cmd|calc");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\t=x')).to.equal("'\t=x");
    expect(csvCell('-150000')).to.equal('-150000');
    expect(csvCell('a\nb')).to.equal('"a\nb"');
    expect(toCsv([['a', 'b']])).to.equal('\uFEFFa,b\r\n');
  });

  it('opens an invoice: XML + SmartBill XSL rendered in a sandboxed frame, with a print button', async function () {
    this.timeout(20_000);
    const { el } = await listed();
    const inv = sales[5]!;
    await mockAdapter(
      http.get(`/adapter/smartbill/invoices/${inv.issueId}`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('type')).to.equal('AR');
        expect(request.headers.get('authorization')).to.equal('Bearer page.token.x');
        return new HttpResponse(invoiceXml(inv), { headers: { 'Content-Type': 'application/xml' } });
      }),
      http.get('/adapter/smartbill/preview-form', () => new HttpResponse(INVOICE_XSL, { headers: { 'Content-Type': 'application/xml' } })),
    );
    const row = qa(el, 'tbody tr').find((tr) => text(tr.children[0]) === inv.writeDate && text(tr.children[1]) === inv.buyer.name)!;
    const selected = nextEvent<CustomEvent>(el, 'smartbill-invoice-select');
    row.querySelector('button')!.click();
    expect((await selected).detail.issueId).to.equal(inv.issueId);
    const frame = await waitUntil(() => q<HTMLIFrameElement>(el, 'dialog[open] iframe'), 'dialog open');
    expect(frame.getAttribute('sandbox')).to.equal('allow-same-origin allow-modals');
    await waitUntil(() => frame.contentDocument?.body?.textContent?.includes(inv.buyer.name), 'rendered');
    expect(frame.contentDocument!.querySelector('h1')!.textContent).to.match(/전자(세금)?계산서/);
    expect(qa(el, 'dialog button').map(text)).to.deep.equal(['인쇄', '닫기']);
    await expect(el).to.be.accessible();
  });

  it('the dialog by keyboard: labelled, Esc closes it even from inside the invoice, focus returns to the row', async function () {
    this.timeout(20_000);
    const { el } = await listed();
    const inv = sales[7]!;
    await mockAdapter(
      http.get(
        `/adapter/smartbill/invoices/${inv.issueId}`,
        () => new HttpResponse(invoiceXml(inv), { headers: { 'Content-Type': 'application/xml' } }),
      ),
      http.get('/adapter/smartbill/preview-form', () => new HttpResponse(INVOICE_XSL, { headers: { 'Content-Type': 'application/xml' } })),
    );
    const opener = q<HTMLButtonElement>(el, `button[data-issue="${inv.issueId}"]`)!;
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitUntil(() => q<HTMLDialogElement>(el, 'dialog[open]'), 'dialog open');
    const frame = q<HTMLIFrameElement>(el, 'dialog iframe')!;
    await waitUntil(() => frame.contentDocument?.body?.textContent?.includes(inv.buyer.name), 'rendered');
    expect(text(el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!))).to.equal(ko.invoice.replace('{id}', inv.issueId));
    expect(text(el.shadowRoot!.activeElement), 'focus starts on a visible control, not in the frame').to.equal(ko.close);
    frame.focus();
    frame.contentDocument!.body.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Esc inside the invoice closed the dialog');
    await waitUntil(() => el.shadowRoot!.activeElement === opener, 'focus back on the row that opened it');
  });

  it('checks the period itself: a start after the end says so in the page language and clears the old list', async () => {
    const { el, seen } = await listed(result([]));
    expect(q(el, '[part=empty]')).to.not.equal(null);
    el.from = '2026-11-20';
    el.to = '2026-11-01';
    const event = nextEvent<CustomEvent>(el, 'smartbill-invoice-error');
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    expect((await event).detail.code).to.equal('period_order');
    await el.updateComplete;
    expect(text(q(el, '[role=alert]'))).to.equal(ko.period_order);
    expect(q(el, '[part=empty]'), 'the stale empty state is gone').to.equal(null);
    expect(seen).to.have.length(1);
    el.setAttribute('lang', 'en');
    await el.updateComplete;
    const again = nextEvent<CustomEvent>(el, 'smartbill-invoice-error');
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    expect((await again).detail.code).to.equal('period_order');
    await el.updateComplete;
    expect(text(q(el, '[role=alert]'))).to.equal('The start date is after the end date. Please pick the period again.');
  });

  it('keeps focus on 조회 while it loads (Enter does not drop it to the page)', async () => {
    const { el } = await listed();
    await mockAdapter(
      http.get('/adapter/smartbill/invoices', async () => {
        await delay(300);
        return ndjson(result(rows));
      }),
    );
    const search = q<HTMLButtonElement>(el, 'button[type=submit]')!;
    search.focus();
    await sendKeys({ press: 'Enter' });
    expect(search.getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(search);
    await waitUntil(() => search.getAttribute('aria-disabled') === 'false', 'loaded');
    expect(el.shadowRoot!.activeElement).to.equal(search);
  });

  it('an XML carrying <script> renders inert', async () => {
    const { el } = await listed();
    const w = window as unknown as { pwned?: number };
    delete w.pwned;
    const inv = rows[2]!;
    const evilXml = `<?xml version="1.0"?><doc><p>원본</p><script>parent.pwned = 1</script><img src="x" onerror="parent.pwned = 2"/></doc>`;
    // An XSL that copies everything, script included: the frame must still run nothing.
    const copyAll = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:output method="html"/>
      <xsl:template match="/"><html><body><xsl:copy-of select="/doc/*"/><script>parent.pwned = 3</script></body></html></xsl:template></xsl:stylesheet>`;
    await mockAdapter(
      http.get(
        `/adapter/smartbill/invoices/${inv.issueId}`,
        () => new HttpResponse(evilXml, { headers: { 'Content-Type': 'application/xml' } }),
      ),
      http.get('/adapter/smartbill/preview-form', () => new HttpResponse(copyAll, { headers: { 'Content-Type': 'application/xml' } })),
    );
    await el.open(inv);
    const frame = await waitUntil(() => q<HTMLIFrameElement>(el, 'dialog[open] iframe'), 'dialog open');
    await waitUntil(() => frame.contentDocument?.body?.textContent?.includes('원본'), 'rendered');
    await new Promise((r) => setTimeout(r, 200));
    expect(w.pwned).to.equal(undefined);
    expect(frame.srcdoc).not.to.include('<script');
    expect(frame.getAttribute('sandbox')).not.to.include('allow-scripts');
  });

  it('with `manual` it loads only when 조회 is pressed', async () => {
    let calls = 0;
    await mockAdapter(
      http.get('/adapter/smartbill/invoices', () => {
        calls += 1;
        return ndjson(result(rows));
      }),
    );
    const el = await fixture<SmartbillInvoiceList>(html`<smartbill-invoice-list adapter="/adapter" manual></smartbill-invoice-list>`);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).to.equal(0);
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, 'table'), 'loaded on submit');
    expect(calls).to.equal(1);
  });

  it('speaks English with lang="en"', async () => {
    const { el } = await listed(result(rows), 'en');
    expect(text(qa(el, 'thead th')[1])).to.equal('Counterpart');
    expect(text(q(el, 'button[type=submit]'))).to.equal('Search');
  });
});
