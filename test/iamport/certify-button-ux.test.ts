import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http, HttpResponse, passthrough } from 'msw';
import '../../src/iamport/element/iamport-certify-button.ts';
import type { IamportCertifyButton } from '../../src/iamport/element/certify-button.ts';
import { errorsKo as certifyErrorsKo } from '../../src/iamport/element/certify-button.errors.ko.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';
import { verified } from './certify-fixture.ts';

declare global {
  interface Window {
    __impNext?: unknown;
    __impCalls?: Record<string, unknown>[];
  }
}

const ROUTE = '/adapter/iamport/certifications';
let n = 0;
const sdkSrc = () => `/test/fixtures/imp-stub.js?ux=${++n}`;

async function mount(src = sdkSrc()) {
  return fixture<IamportCertifyButton>(
    html`<iamport-certify-button
      adapter="/adapter"
      merchant-code="imp12345678"
      pg="danal"
      sdk-src=${src}
      lang="ko"
    ></iamport-certify-button>`,
  );
}
const verifiedRoute = http.post(ROUTE, async ({ request }) =>
  HttpResponse.json(verified((await request.json()) as { imp_uid: string; merchant_uid: string }), { status: 201 }),
);
const button = (el: IamportCertifyButton) => el.shadowRoot!.querySelector('button')!;
const sdkLoaded = () => waitUntil(() => typeof window.IMP?.certification === 'function', 'the SDK preloaded');

describe('<iamport-certify-button>: outcomes people meet, focus, in-app browsers, back/forward cache', () => {
  beforeEach(async () => {
    delete window.IMP;
    window.__impNext = undefined;
    await mockAdapter(verifiedRoute);
  });

  it('preloads the SDK as soon as the button is on screen, before any hover or click', async () => {
    const calls = window.__impCalls?.length ?? 0;
    await mount();
    await sdkLoaded();
    expect(window.__impCalls?.length ?? 0).to.equal(calls, 'no certification started');
  });

  it('store-id and channel-key set after the button came on screen (a page switching to V2): the id is still minted before any click', async () => {
    let minted!: () => void;
    const mint = new Promise<void>((resolve) => (minted = resolve));
    await mockAdapter(
      http.post('/adapter/iamport/v2/identity-verifications', () => {
        minted();
        return HttpResponse.json({ identityVerificationId: `iv_${'0'.repeat(32)}` }, { status: 201 });
      }),
    );
    const el = await mount();
    await sdkLoaded(); // on screen as V1: the V1 preload has run
    el.setAttribute('sdk-src', '/test/fixtures/no-portone-sdk.js'); // the SDK may fail to load; the click would report it
    el.setAttribute('store-id', 'store-00000000-0000-0000-0000-000000000000');
    el.setAttribute('channel-key', 'channel-key-test');
    await Promise.race([
      mint,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no POST /iamport/v2/identity-verifications within 4 s')), 4000)),
    ]);
  });

  it('with the SDK preloaded, the click itself calls IMP.certification (no wait before it, so no blocker stops the window)', async () => {
    const el = await mount();
    await sdkLoaded();
    const calls = window.__impCalls!.length;
    const success = nextEvent(el, 'iamport-certify-success');
    button(el).click();
    expect(window.__impCalls!.length).to.equal(calls + 1, 'called before click() returned');
    await success;
  });

  it('a cancel is neutral: certification_cancelled, status text instead of an alert, focus back on the button', async () => {
    window.__impNext = { success: false, imp_uid: null, error_code: 'F0000', error_msg: '본인인증을 취소하였습니다.' };
    const el = await mount();
    await sdkLoaded();
    button(el).focus();
    const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'iamport-certify-error');
    button(el).click();
    const { detail } = await error;
    expect(detail.code).to.equal('certification_cancelled');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    const notice = el.shadowRoot!.querySelector('[part=notice]')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.contain('취소');
    await waitUntil(() => el.shadowRoot!.activeElement === button(el), 'focus back on the trigger');
    await expect(el).to.be.accessible();
  });

  it('a blocked window is popup_blocked; "allow popups" when the SDK was ready, "press again" when the click waited for it', async () => {
    window.__impNext = { success: false, imp_uid: null, error_code: 'F0001', error_msg: '팝업이 차단되었습니다.' };
    const ready = await mount();
    await sdkLoaded();
    let error = nextEvent<CustomEvent<{ code: string; message: string }>>(ready, 'iamport-certify-error');
    button(ready).click();
    let { detail } = await error;
    expect(detail.code).to.equal('popup_blocked');
    expect(detail.message).to.contain('팝업 차단을 해제');

    delete window.IMP;
    const slow = await mount();
    error = nextEvent<CustomEvent<{ code: string; message: string }>>(slow, 'iamport-certify-error');
    button(slow).click(); // before the preload finished: the click waits for the SDK
    ({ detail } = await error);
    expect(detail.code).to.equal('popup_blocked');
    expect(detail.message).to.contain('한 번 더');
  });

  it('an SDK that takes longer than a tap lasts in WebKit (~1 s): no late window, a neutral "press once more", then it opens', async () => {
    await mockAdapter(
      verifiedRoute,
      http.get('/test/fixtures/imp-stub.js', async () => {
        await delay(1200);
        return passthrough();
      }),
    );
    const el = await fixture<IamportCertifyButton>(
      html`<iamport-certify-button adapter="/adapter" merchant-code="imp12345678" sdk-src=${sdkSrc()} lang="ko"></iamport-certify-button>`,
    );
    const before = window.__impCalls?.length ?? 0;
    const notice = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'iamport-certify-error');
    button(el).click(); // the preload is still on its way
    const { detail } = await notice;
    expect([detail.code, detail.message]).to.deep.equal(['press_again', certifyErrorsKo.press_again]);
    expect(window.__impCalls?.length ?? 0, 'no IMP.certification (its window) after the tap had expired').to.equal(before);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=notice]')!.textContent).to.equal(certifyErrorsKo.press_again);
    const success = nextEvent(el, 'iamport-certify-success');
    button(el).click(); // the SDK is here now: the window opens inside this tap
    await success;
  });

  it('keeps focus through Enter, then moves it to the verified result', async () => {
    const el = await mount();
    await sdkLoaded();
    button(el).focus();
    const success = nextEvent(el, 'iamport-certify-success');
    await sendKeys({ press: 'Enter' });
    await success;
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'result', 'focus on the result');
    expect(document.activeElement).to.equal(el);
  });

  it('takes the redirect flow in an in-app browser, returning to this page', async () => {
    const ua = Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent')!;
    Object.defineProperty(navigator, 'userAgent', {
      configurable: true,
      get: () =>
        'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 KAKAOTALK 10.9.0',
    });
    try {
      const el = await mount();
      await sdkLoaded();
      const success = nextEvent(el, 'iamport-certify-success');
      button(el).click();
      await success;
      const params = window.__impCalls!.at(-1)!;
      expect(params.popup).to.equal(false);
      expect(params.m_redirect_url).to.equal(location.href);
    } finally {
      delete (navigator as { userAgent?: string }).userAgent;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent')).to.deep.equal(ua);
    }
  });

  it('leaves no spinner or busy state after a restore from the back/forward cache', async () => {
    const el = await mount();
    await sdkLoaded();
    // An SDK whose window never answers (the person went Back from the redirect flow).
    window.IMP!.certification = () => undefined;
    button(el).click();
    const base = el.shadowRoot!.querySelector('[part=base]')!;
    await waitUntil(() => base.getAttribute('aria-busy') === 'true', 'busy while the window is open');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await el.updateComplete;
    expect(base.getAttribute('aria-busy')).to.equal('false');
    expect(el.shadowRoot!.querySelector('[part=spinner]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent!.trim()).to.equal('');
  });
});
