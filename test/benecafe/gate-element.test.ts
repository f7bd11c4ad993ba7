import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/benecafe/element/benecafe-gate.ts';
import type { BenecafeGate } from '../../src/benecafe/element/gate-element.ts';
import { particleRo } from '../../src/benecafe/element/gate-element.ts';
import type { GateSession } from '../../src/benecafe/shared/schema.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';

const ROUTE = '/adapter/benecafe/session';
const MALL = 'https://www.benecafe.co.kr/mall';
const session = (over: Partial<GateSession> = {}): GateSession => ({
  ref: 'bs_AAAAAAAAAAAAAAAAAAAAAAAA',
  name: '김복지',
  memberKey: 'J01A00038745',
  companyKey: 'C0001',
  pointName: '복지포인트',
  pointNameCode: 'P001',
  receipt: false,
  popupUrl: 'https://www.benecafe.co.kr/point/popup',
  landing: { kind: 'main', url: 'https://shop.example/main' },
  expiresAt: 1_900_000_000_000,
  ...over,
});

async function mount(lang = 'ko') {
  return fixture<BenecafeGate>(html`<benecafe-gate adapter="/adapter" lang=${lang}></benecafe-gate>`);
}
const q = (el: BenecafeGate, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const text = (el: BenecafeGate, sel: string) => q(el, sel)?.textContent?.replace(/\s+/g, ' ').trim();

describe('<benecafe-gate>', () => {
  let credentials: string[];
  const serve = (body: unknown, status = 200) =>
    mockAdapter(
      http.get(ROUTE, ({ request }) => {
        credentials.push(request.credentials);
        return HttpResponse.json(body as never, { status });
      }),
    );
  beforeEach(() => {
    credentials = [];
  });

  it('greets the member with the point name, fires benecafe-gate-ready and passes axe', async () => {
    await serve({ session: session(), mallUrl: MALL });
    const ready = nextEvent<CustomEvent<GateSession>>(document, 'benecafe-gate-ready');
    const el = await mount();
    const event = await ready;
    await el.updateComplete;
    expect(event.detail).to.deep.equal(session());
    expect(event.composed && event.bubbles).to.equal(true);
    expect(text(el, '[part=greeting]')).to.equal('김복지님, 복지포인트로 결제할 수 있어요');
    expect(text(el, '[part=points]')).to.equal('복지포인트 조회');
    expect(el.session?.memberKey).to.equal('J01A00038745');
    expect(credentials).to.deep.equal(['include'], 'the session cookie is sent');
    await expect(el).to.be.accessible();
  });

  it('speaks English with lang="en"', async () => {
    await serve({ session: session({ pointName: '한빛포인트' }), mallUrl: MALL });
    const el = await mount('en');
    await waitUntil(() => q(el, '[part=greeting]'), 'greeting');
    await el.updateComplete;
    expect(text(el, '[part=greeting]')).to.equal('Hello 김복지, you can pay with 한빛포인트.');
    expect(text(el, '[part=logout]')).to.equal('Log out');
    await expect(el).to.be.accessible();
  });

  it('picks 로 or 으로 after the point name', async () => {
    expect([
      particleRo('복지포인트'),
      particleRo('캐시백'),
      particleRo('복지몰'),
      particleRo('새솔 행복머니'),
      particleRo('Points'),
    ]).to.deep.equal(['로', '으로', '로', '로', '(으)로']);
    await serve({ session: session({ pointName: '캐시백' }), mallUrl: MALL });
    const el = await mount();
    await waitUntil(() => q(el, '[part=greeting]'), 'greeting');
    expect(text(el, '[part=greeting]')).to.equal('김복지님, 캐시백으로 결제할 수 있어요');
  });

  it('is busy while the session is read', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await mockAdapter(
      http.get(ROUTE, async () => {
        await gate;
        return HttpResponse.json({ session: session(), mallUrl: MALL });
      }),
    );
    const el = await mount();
    expect(q(el, '[part=base]')!.getAttribute('aria-busy')).to.equal('true');
    expect(text(el, '[role=status]')).to.equal('회원 정보를 확인하는 중…');
    expect(q(el, '[part=spinner]')).to.exist;
    await expect(el).to.be.accessible();
    release();
    await waitUntil(() => q(el, '[part=greeting]'), 'greeting');
    expect(q(el, '[part=base]')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('without a session: explains, links back to the welfare mall and fires benecafe_no_session', async () => {
    await serve({ session: null, reason: 'none', mallUrl: MALL });
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(document, 'benecafe-gate-error');
    const el = await mount();
    expect((await failed).detail.code).to.equal('benecafe_no_session');
    await el.updateComplete;
    expect(text(el, '[part=notice]')).to.equal('복지몰을 통해 들어오면 포인트로 결제할 수 있어요.');
    expect(q(el, '[part=mall-link]')!.getAttribute('href')).to.equal(MALL);
    expect(q(el, '[part=greeting]')).to.equal(null);
    expect(q(el, '[role=alert]')).to.equal(null, 'no session is a state, not an alert');
    await expect(el).to.be.accessible();
  });

  it('after expiry: says so and fires benecafe_session_expired', async () => {
    await serve({ session: null, reason: 'expired', mallUrl: MALL });
    const failed = nextEvent<CustomEvent<{ code: string }>>(document, 'benecafe-gate-error');
    const el = await mount();
    expect((await failed).detail.code).to.equal('benecafe_session_expired');
    await el.updateComplete;
    expect(text(el, '[part=notice]')).to.equal('접속 시간이 지났어요. 복지몰에서 다시 들어와 주세요.');
    await expect(el).to.be.accessible();
  });

  it('shows an adapter failure as an alert, fires the error and retries', async () => {
    await serve({ error: { code: 'store_unavailable', message: 'the store does not answer' } }, 503);
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(document, 'benecafe-gate-error');
    const el = await mount();
    expect((await failed).detail).to.deep.equal({ code: 'store_unavailable', message: 'the store does not answer' });
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('the store does not answer');
    await expect(el).to.be.accessible();
    await serve({ session: session(), mallUrl: MALL });
    q(el, 'button')!.click();
    await waitUntil(() => q(el, '[part=greeting]'), 'greeting after retry');
    expect(q(el, '[role=alert]')).to.equal(null);
  });

  it('refuses an answer of the wrong shape (e.g. with a token instead of a session)', async () => {
    await serve({ otpToken: 'abc', mallUrl: MALL });
    const failed = nextEvent<CustomEvent<{ code: string }>>(document, 'benecafe-gate-error');
    await mount();
    expect((await failed).detail.code).to.equal('invalid_response');
  });

  it('needs the adapter attribute', async () => {
    const failed = nextEvent<CustomEvent<{ code: string }>>(document, 'benecafe-gate-error');
    const el = await fixture<BenecafeGate>(html`<benecafe-gate></benecafe-gate>`);
    expect((await failed).detail.code).to.equal('missing_adapter');
    await el.updateComplete;
    expect(text(el, '[role=alert]')).to.equal('adapter 속성이 필요합니다.');
  });

  describe('point balance popup', () => {
    const realOpen = window.open;
    let opened: unknown[][];
    let answer: Window | null;
    beforeEach(() => {
      opened = [];
      answer = {} as Window;
      window.open = (...args: unknown[]) => {
        opened.push(args);
        return answer;
      };
    });
    afterEach(() => {
      window.open = realOpen;
    });

    it('opens POPUPURL in a named popup', async () => {
      await serve({ session: session(), mallUrl: MALL });
      const el = await mount();
      await waitUntil(() => q(el, '[part=points]'), 'points button');
      q(el, '[part=points]')!.click();
      expect(opened.length).to.equal(1);
      expect(opened[0]!.slice(0, 2)).to.deep.equal(['https://www.benecafe.co.kr/point/popup', 'benecafe-points']);
      expect(String(opened[0]![2])).to.contain('popup');
    });

    it('says so when the popup is blocked', async () => {
      answer = null;
      await serve({ session: session(), mallUrl: MALL });
      const el = await mount();
      await waitUntil(() => q(el, '[part=points]'), 'points button');
      const failed = nextEvent<CustomEvent<{ code: string }>>(el, 'benecafe-gate-error');
      q(el, '[part=points]')!.click();
      expect((await failed).detail.code).to.equal('popup_blocked');
      await el.updateComplete;
      expect(text(el, '[role=alert]')).to.equal('팝업이 차단되었어요. 팝업을 허용해 주세요.');
      await expect(el).to.be.accessible();
    });

    it('has no points button without an allowed POPUPURL, and never opens a javascript: URL', async () => {
      await serve({ session: session({ popupUrl: null }), mallUrl: MALL });
      const el = await mount();
      await waitUntil(() => q(el, '[part=greeting]'), 'greeting');
      expect(q(el, '[part=points]')).to.equal(null);

      await serve({ session: session({ popupUrl: 'javascript:alert(1)' }), mallUrl: MALL });
      const other = await mount();
      await waitUntil(() => q(other, '[part=points]'), 'points button');
      q(other, '[part=points]')!.click();
      expect(opened.length).to.equal(0);
    });
  });

  it('logs out with DELETE and shows the no-session state', async () => {
    let deleted = 0;
    await mockAdapter(
      http.get(ROUTE, () => HttpResponse.json({ session: session(), mallUrl: MALL })),
      http.delete(ROUTE, () => {
        deleted += 1;
        return HttpResponse.json({ session: null, reason: 'none', mallUrl: MALL });
      }),
    );
    const el = await mount();
    await waitUntil(() => q(el, '[part=logout]'), 'logout button');
    q(el, '[part=logout]')!.click();
    await waitUntil(() => q(el, '[part=notice]'), 'no-session state');
    expect(deleted).to.equal(1);
    expect(el.session).to.equal(undefined);
    expect(q(el, '[part=mall-link]')!.getAttribute('href')).to.equal(MALL);
  });
});
