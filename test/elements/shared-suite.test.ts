import { expect, fixture } from '@open-wc/testing';
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import '../../src/benecafe/element/benecafe-gate.ts';
import '../../src/ecount/element/ecount-connect.ts';
import type { EcountStatus } from '../../src/ecount/shared/status.ts';
import '../../src/iamport/element/iamport-certify-button.ts';
import '../../src/smartbill/element/smartbill-invoice-list.ts';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { InvoiceStreamLine } from '../../src/smartbill/shared/invoice-model.ts';
import { mockAdapter, waitUntil } from '../helpers/browser.ts';
import { created, FULL, preloadValidation, status } from '../smartbill/form-fixture.ts';

/**
 * The behaviour every element shares (ErpElement), checked on each element the
 * same way: missing adapter, language switch, error-event shape, busy state
 * (and none left after a back/forward-cache restore) and parts. A new element adds one row to `cases`.
 */
interface Case {
  tag: string;
  errorEvent: string;
  /** Attributes besides adapter and lang. */
  attrs: string;
  /** The adapter route the element's action calls, answered slowly to see the busy state. */
  routes: RequestHandler[];
  /** Starts the element's adapter call (the gate calls on connect: nothing to do). */
  act: (el: HTMLElement) => void;
  /** Text its rendering shows in each language. */
  ko: string;
  en: string;
  /** Parts the element always renders. */
  parts: string[];
}

/** While set, adapter answers wait for it too (a call that stays in flight for the whole test). */
let hold: Promise<void> | undefined;
/** Adapter calls that reached msw: a held call must have arrived (and taken `hold`) before its test ends. */
let arrived = 0;

const slow = async <T>(body: T) => {
  arrived += 1;
  const held = hold; // as it was when the call came
  await delay(400);
  await held;
  return HttpResponse.json(body as never, { status: 200 });
};

const ecountStatus: EcountStatus = {
  connected: false,
  environment: 'test',
  company: '80001',
  zone: null,
  loggedInAt: null,
  sessionAgeSeconds: null,
  expireDate: null,
  notice: null,
  blocked: false,
  failures: 0,
  backoffUntil: null,
  lastError: null,
  limits: { daily: 5000, login: 1, apis: {} },
};

/** The invoice list's NDJSON answer (progress, then an empty result), slowly. */
const slowInvoices = async ({ request }: { request: Request }) => {
  arrived += 1;
  const held = hold;
  await delay(400);
  await held;
  const q = new URL(request.url).searchParams;
  const lines: InvoiceStreamLine[] = [
    { type: 'progress', done: 0, total: 1 },
    {
      type: 'result',
      result: {
        type: 'AR',
        dateKind: 'W',
        from: q.get('from')!,
        to: q.get('to')!,
        windows: 1,
        invoices: [],
        totals: { count: 0, supAmount: '0', taxAmount: '0', totalAmount: '0' },
        fetchedAt: Date.now(),
        site: 'https://demo.smartbill.co.kr',
      },
    },
  ];
  return new HttpResponse(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', { headers: { 'Content-Type': 'application/x-ndjson' } });
};

const cases: Case[] = [
  {
    tag: 'iamport-certify-button',
    errorEvent: 'iamport-certify-error',
    attrs: 'merchant-code="imp12345678" sdk-src="/test/fixtures/imp-stub.js"',
    routes: [http.post('/adapter/iamport/certifications', () => slow({}))],
    act: (el) => {
      // The SDK as the page already has it: certification answers at once, then the element asks the adapter.
      window.IMP = {
        init() {},
        certification: (p, cb) => cb({ success: true, imp_uid: 'imp_123456789012', merchant_uid: p.merchant_uid }),
      };
      el.shadowRoot!.querySelector('button')!.click();
    },
    ko: '휴대폰 본인인증',
    en: 'Verify with mobile phone',
    parts: ['base', 'button', 'status'],
  },
  {
    tag: 'benecafe-gate',
    errorEvent: 'benecafe-gate-error',
    attrs: '',
    routes: [http.get('/adapter/benecafe/session', () => slow({ session: null, reason: 'none', mallUrl: null }))],
    act: () => {},
    ko: '복지몰을 통해 들어오면',
    en: 'Come in through your welfare mall',
    parts: ['base'],
  },
  {
    tag: 'smartbill-signup-form',
    errorEvent: 'smartbill-signup-error',
    attrs: '',
    routes: [
      http.post('/adapter/smartbill/signups', () => slow(created)),
      http.get('/adapter/smartbill/signups/:id', () => slow(status('pending'))),
    ],
    act: (el) => {
      (el as HTMLElement & { prefill: object }).prefill = FULL;
      const popup = { closed: false, close() {}, document: document.implementation.createHTMLDocument() };
      window.open = (() => popup) as unknown as typeof window.open;
      HTMLFormElement.prototype.submit = () => {};
      // after the prefill render
      queueMicrotask(() => el.shadowRoot!.querySelector('form')!.requestSubmit());
    },
    ko: '사업자등록번호',
    en: 'Business registration no.',
    parts: ['base', 'form', 'submit'],
  },
  {
    tag: 'ecount-connect',
    errorEvent: 'ecount-connect-error',
    attrs: '',
    routes: [http.get('/adapter/ecount/status', () => slow(ecountStatus))],
    act: () => {}, // reads the status on connect
    ko: '이카운트 ERP 연결',
    en: 'Ecount ERP connection',
    parts: ['base', 'card', 'button'],
  },
  {
    tag: 'smartbill-invoice-list',
    errorEvent: 'smartbill-invoice-error',
    // `manual`: only the search button loads (without an adapter, it fails).
    attrs: 'manual from="2026-10-01" to="2026-10-31"',
    routes: [http.get('/adapter/smartbill/invoices', slowInvoices)],
    act: (el) => el.shadowRoot!.querySelector<HTMLFormElement>('form[part=controls]')!.requestSubmit(),
    ko: '기간',
    en: 'Period',
    parts: ['base', 'controls'],
  },
];

describe('every element shares ErpElement behaviour', () => {
  const realOpen = window.open;
  const realSubmit = HTMLFormElement.prototype.submit;
  before(preloadValidation);
  afterEach(() => {
    window.open = realOpen;
    HTMLFormElement.prototype.submit = realSubmit;
    delete window.IMP;
    sessionStorage.clear(); // the signup form keeps its attempt there to resume after a reload
  });

  const mount = (c: Case, attrs: string) =>
    fixture<HTMLElement & { lang: string; updateComplete: Promise<boolean> }>(`<${c.tag} ${c.attrs} ${attrs}></${c.tag}>`);

  for (const c of cases) {
    describe(`<${c.tag}>`, () => {
      it('without an adapter: fires missing_adapter as { code, message } (bubbling, composed) and shows it as an alert', async () => {
        await mockAdapter();
        const errors: CustomEvent[] = [];
        const listen = (e: Event) => errors.push(e as CustomEvent);
        document.addEventListener(c.errorEvent, listen);
        try {
          const el = await mount(c, 'lang="ko"');
          c.act(el);
          await waitUntil(() => errors.length, `${c.errorEvent} fired`);
          const e = errors[0]!;
          expect(e).to.be.instanceOf(CustomEvent);
          expect([e.bubbles, e.composed]).to.deep.equal([true, true]);
          expect(Object.keys(e.detail).sort()).to.deep.equal(['code', 'message']);
          expect(e.detail).to.deep.equal({ code: 'missing_adapter', message: 'adapter 속성이 필요합니다.' });
          await el.updateComplete;
          expect(el.shadowRoot!.querySelector('[role=alert][part=error]')?.textContent?.trim()).to.equal(e.detail.message);
        } finally {
          document.removeEventListener(c.errorEvent, listen);
        }
      });

      it('switches language: Korean by default, English with lang="en", and back', async () => {
        await mockAdapter(...c.routes);
        const el = await mount(c, 'adapter="/adapter"');
        const text = () => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
        await waitUntil(() => text().includes(c.ko), 'Korean');
        el.lang = 'en';
        await el.updateComplete;
        await waitUntil(() => text().includes(c.en), 'English');
        expect(text()).not.to.include(c.ko);
        el.lang = 'ko';
        await el.updateComplete;
        expect(text()).to.include(c.ko);
      });

      it('is busy during the adapter call: aria-busy, :state(busy), a spinner; then not', async () => {
        await mockAdapter(...c.routes);
        const el = await mount(c, 'adapter="/adapter" lang="ko"');
        const base = () => el.shadowRoot!.querySelector('[part=base]')!;
        c.act(el);
        await waitUntil(() => el.matches(':state(busy)'), ':state(busy)');
        await el.updateComplete;
        expect(base().getAttribute('aria-busy')).to.equal('true');
        expect(el.shadowRoot!.querySelector('[part=spinner]')).to.exist;
        await waitUntil(() => !el.matches(':state(busy)'), 'busy ends');
        await el.updateComplete;
        expect(base().getAttribute('aria-busy')).to.equal('false');
      });

      it('a restore from the back/forward cache (pageshow, persisted) leaves no busy state behind', async () => {
        // Never released: the element's call stays in flight, as one cut off by leaving the page would.
        hold = new Promise<void>(() => {});
        try {
          await mockAdapter(...c.routes);
          const calls = arrived;
          const el = await mount(c, 'adapter="/adapter" lang="ko"');
          c.act(el);
          await waitUntil(() => el.matches(':state(busy)') && arrived > calls, ':state(busy), the call held');
          window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
          await el.updateComplete;
          expect(el.matches(':state(busy)')).to.equal(false);
          expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('aria-busy')).to.equal('false');
          expect(el.shadowRoot!.querySelector('[part=spinner]')).to.equal(null);
        } finally {
          hold = undefined;
        }
      });

      it('breaks Hangul between words (keep-all), and a word longer than the line still wraps', async () => {
        await mockAdapter(...c.routes);
        const el = await mount(c, 'adapter="/adapter"');
        await el.updateComplete;
        const base = el.shadowRoot!.querySelector('[part~="base"]') ?? el;
        const style = getComputedStyle(base);
        expect([style.wordBreak, style.overflowWrap]).to.deep.equal(['keep-all', 'anywhere']);
      });

      it(`renders its parts (${c.parts.join(', ')})`, async () => {
        await mockAdapter(...c.routes);
        const el = await mount(c, 'adapter="/adapter"');
        await el.updateComplete;
        for (const part of c.parts) expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.exist;
      });
    });
  }
});
