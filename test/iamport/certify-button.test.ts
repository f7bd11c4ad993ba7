import { errorsKo as coreErrorsKo } from '../../src/core/element/i18n.errors.ko.ts';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import '../../src/iamport/element/iamport-certify-button.ts';
import type { IamportCertifyButton } from '../../src/iamport/element/certify-button.ts';
import type { CertifyResult } from '../../src/iamport/shared/schema.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';
import { verified } from './certify-fixture.ts';

declare global {
  interface Window {
    __impNext?: unknown;
    __impCalls?: Record<string, unknown>[];
    __impInit?: string;
  }
}

const ROUTE = '/adapter/iamport/certifications';
let n = 0;
/** A fresh SDK URL per test, so each test sees the SDK load for itself. */
const sdkSrc = () => `/test/fixtures/imp-stub.js?t=${++n}`;

async function mount(attrs: { lang?: string; merchantCode?: string; src?: string } = {}) {
  return fixture<IamportCertifyButton>(
    html`<iamport-certify-button
      adapter="/adapter"
      merchant-code=${attrs.merchantCode ?? 'imp12345678'}
      pg="danal"
      name="홍길동"
      carrier="SKT"
      sdk-src=${attrs.src ?? sdkSrc()}
      lang=${attrs.lang ?? 'ko'}
    ></iamport-certify-button>`,
  );
}

const button = (el: IamportCertifyButton) => el.shadowRoot!.querySelector('button')!;
const alertText = (el: IamportCertifyButton) => el.shadowRoot!.querySelector('[role=alert]')?.textContent?.trim();

describe('<iamport-certify-button>', () => {
  beforeEach(async () => {
    delete window.IMP;
    window.__impNext = undefined;
    await mockAdapter(
      http.post(ROUTE, async ({ request }) => HttpResponse.json(verified((await request.json()) as never), { status: 201 })),
    );
  });

  it('renders an accessible Korean button by default and English with lang="en"', async () => {
    const el = await mount();
    expect(button(el).textContent).to.contain('휴대폰 본인인증');
    await expect(el).to.be.accessible();
    el.lang = 'en';
    await el.updateComplete;
    expect(button(el).textContent).to.contain('Verify with mobile phone');
  });

  it('follows the document language when it has no lang of its own', async () => {
    document.documentElement.lang = 'en';
    try {
      const el = await fixture<IamportCertifyButton>(
        html`<iamport-certify-button adapter="/adapter" merchant-code="imp1" sdk-src=${sdkSrc()}></iamport-certify-button>`,
      );
      expect(button(el).textContent).to.contain('Verify with mobile phone');
      document.documentElement.lang = 'ko';
      await waitUntil(() => button(el).textContent?.includes('휴대폰'), 'switches back to Korean');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('runs the whole flow: SDK init, certification from the click, adapter verification, success event', async () => {
    const el = await mount();
    // The documented path: the SDK preloaded while the button was on screen (a click more than ~0.8 s before it
    // arrived would get "press once more", certify-button-ux.test.ts).
    await waitUntil(() => typeof window.IMP?.certification === 'function', 'the SDK preloaded');
    const success = nextEvent<CustomEvent<CertifyResult>>(el, 'iamport-certify-success');
    button(el).click();
    const event = await success;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(window.__impInit).to.equal('imp12345678');
    const params = window.__impCalls!.at(-1)!;
    expect(params.pg).to.equal('danal');
    expect(params.name).to.equal('홍길동');
    expect(params.merchant_uid).to.match(/^cert_/);
    expect(event.detail.merchant_uid).to.equal(params.merchant_uid);
    expect(event.detail.imp_uid).to.equal('imp_123456789012');
    await el.updateComplete;
    const result = el.shadowRoot!.querySelector('[part=result]')!;
    expect(result.textContent).to.contain('홍*동');
    expect(result.textContent).not.to.contain('홍길동');
    expect(result.textContent).to.contain('010-****-5678');
    await expect(el).to.be.accessible();
  });

  it('is keyboard-operable: Tab reaches the button and Enter starts the verification', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <input aria-label="before" />
        <iamport-certify-button adapter="/adapter" merchant-code="imp12345678" sdk-src=${sdkSrc()}></iamport-certify-button>
      </div>`,
    );
    const el = wrapper.querySelector('iamport-certify-button')!;
    wrapper.querySelector('input')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    const success = nextEvent(el, 'iamport-certify-success');
    await sendKeys({ press: 'Enter' });
    await success;
  });

  it('is busy while the adapter verifies: aria-busy, aria-disabled button (keeps focus), spinner, accessible', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await mockAdapter(
      http.post(ROUTE, async ({ request }) => {
        const body = (await request.json()) as never;
        await gate;
        return HttpResponse.json(verified(body), { status: 201 });
      }),
    );
    const el = await mount();
    button(el).click();
    const base = el.shadowRoot!.querySelector('[part=base]')!;
    await waitUntil(
      () => base.getAttribute('aria-busy') === 'true' && el.shadowRoot!.querySelector('[part=status]')!.textContent!.includes('확인'),
      'busy while verifying',
    );
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[part=spinner]')).to.exist;
    await expect(el).to.be.accessible();
    const done = nextEvent(el, 'iamport-certify-success');
    release();
    await done;
    await el.updateComplete;
    expect(base.getAttribute('aria-busy')).to.equal('false');
    expect(button(el).getAttribute('aria-disabled')).to.equal('false');
  });

  it('shows the PG message and fires an error when the certification fails', async () => {
    window.__impNext = { success: false, imp_uid: null, error_code: 'F1001', error_msg: '인증번호가 일치하지 않습니다.' };
    const el = await mount();
    const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'iamport-certify-error');
    button(el).click();
    const { detail } = await error;
    expect(detail.code).to.equal('certification_failed');
    expect(detail.message).to.contain('인증번호가 일치하지 않습니다.');
    await el.updateComplete;
    expect(alertText(el)).to.equal(detail.message);
    await expect(el).to.be.accessible();
  });

  it("in English shows its own message, not the PG's Korean text, which stays in the error's detail", async () => {
    window.__impNext = { success: false, imp_uid: null, error_code: 'F1001', error_msg: '[본인인증] 인증번호가 일치하지 않습니다.' };
    const el = await mount({ lang: 'en' });
    const error = nextEvent<CustomEvent<Record<string, string>>>(el, 'iamport-certify-error');
    button(el).click();
    const { detail } = await error;
    expect(detail).to.deep.equal({
      code: 'certification_failed',
      message: 'Verification failed. Check what you entered and try again.',
      providerCode: 'F1001',
      providerMessage: '[본인인증] 인증번호가 일치하지 않습니다.',
    });
    await el.updateComplete;
    expect(alertText(el)).to.not.match(/[가-힣]/);
  });

  it('reports origin_not_allowed (not "cancelled") when the verification page refuses this origin', async () => {
    window.__impNext = { success: false, imp_uid: null, error_code: 'origin_not_allowed', error_msg: 'origin not allowed' };
    const el = await mount();
    const error = nextEvent<CustomEvent<Record<string, string>>>(el, 'iamport-certify-error');
    button(el).click();
    const { detail } = await error;
    expect([detail.code, detail.origin]).to.deep.equal(['origin_not_allowed', location.origin]);
    expect(detail.hint).to.contain('allowedOrigins');
    await el.updateComplete;
    expect(alertText(el)).to.equal(coreErrorsKo.origin_not_allowed);
  });

  for (const [code, status] of [
    ['iamport_imp_uid_used', 409],
    ['iamport_merchant_uid_mismatch', 422],
    ['iamport_not_certified', 422],
  ] as const) {
    it(`asks to verify again when the adapter refuses with ${code}`, async () => {
      await mockAdapter(http.post(ROUTE, () => HttpResponse.json({ error: { code, message: 'server text' } }, { status })));
      const el = await mount({ lang: 'en' });
      const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'iamport-certify-error');
      button(el).click();
      const { detail } = await error;
      expect(detail.code).to.equal(code);
      expect(detail.message).to.equal('The verification could not be confirmed. Please verify again.');
      await el.updateComplete;
      expect(alertText(el)).to.equal(detail.message);
      expect(el.shadowRoot!.querySelector('[part=result]')).to.equal(null);
    });
  }

  it('reports an adapter that cannot be reached as network_error', async () => {
    await mockAdapter(http.all(ROUTE, () => HttpResponse.error())); // the POST, and the probe that tells a network failure from a wrong path
    const el = await mount();
    const error = nextEvent<CustomEvent<{ code: string }>>(el, 'iamport-certify-error');
    button(el).click();
    expect((await error).detail.code).to.equal('network_error');
  });

  it('refuses an adapter answer of the wrong shape (invalid_response)', async () => {
    await mockAdapter(http.post(ROUTE, () => HttpResponse.json({ imp_uid: 42 }, { status: 201 })));
    const el = await mount();
    const error = nextEvent<CustomEvent<{ code: string }>>(el, 'iamport-certify-error');
    button(el).click();
    expect((await error).detail.code).to.equal('invalid_response');
  });

  it('explains a missing merchant-code without loading anything', async () => {
    const el = await mount({ merchantCode: '' });
    const error = nextEvent<CustomEvent<{ code: string }>>(el, 'iamport-certify-error');
    button(el).click();
    expect((await error).detail.code).to.equal('missing_merchant_code');
    expect(window.IMP).to.equal(undefined);
  });

  it('reports an SDK that fails to load, and a later click retries and succeeds', async () => {
    const el = await mount({ src: `/test/fixtures/missing-sdk.js?t=${++n}` });
    const error = nextEvent<CustomEvent<{ code: string }>>(el, 'iamport-certify-error');
    button(el).click();
    expect((await error).detail.code).to.equal('sdk_load_failed');
    await el.updateComplete;
    expect(alertText(el)).to.contain('불러오지 못했습니다');
    el.sdkSrc = sdkSrc();
    await el.updateComplete;
    const success = nextEvent(el, 'iamport-certify-success');
    button(el).click();
    await success;
    await el.updateComplete;
    expect(alertText(el)).to.equal(undefined);
  });

  it('finishes the mobile redirect flow from the query string and cleans the address bar', async () => {
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?keep=1&imp_uid=imp_999999999999&merchant_uid=mobile-1&success=true`);
    try {
      const el = document.createElement('iamport-certify-button');
      el.setAttribute('adapter', '/adapter');
      const success = nextEvent<CustomEvent<CertifyResult>>(el, 'iamport-certify-success');
      document.body.append(el);
      const { detail } = await success;
      expect(detail.imp_uid).to.equal('imp_999999999999');
      expect(detail.merchant_uid).to.equal('mobile-1');
      expect(location.search).to.equal('?keep=1');
      el.remove();
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('verifies the redirect result with the token the page sets after the element upgraded', async () => {
    const before = location.href;
    const seen: (string | null)[] = [];
    await mockAdapter(
      http.post(ROUTE, async ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json(verified((await request.json()) as never), { status: 201 });
      }),
    );
    history.replaceState(null, '', `${location.pathname}?imp_uid=imp_888888888888&merchant_uid=mobile-3&success=true`);
    try {
      const el = document.createElement('iamport-certify-button') as IamportCertifyButton;
      el.setAttribute('adapter', '/adapter');
      const success = nextEvent<CustomEvent<CertifyResult>>(el, 'iamport-certify-success');
      document.body.append(el);
      // As a page script after the bundle: the element is already connected when its token arrives.
      el.token = 'page-token-1';
      await success;
      expect(seen).to.deep.equal(['Bearer page-token-1']);
      el.remove();
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('reports a failed mobile redirect without calling the adapter', async () => {
    const before = location.href;
    await mockAdapter(); // any adapter call would now fail the test
    history.replaceState(
      null,
      '',
      `${location.pathname}?imp_uid=&merchant_uid=mobile-2&success=false&error_msg=${encodeURIComponent('사용자 취소')}`,
    );
    try {
      const el = document.createElement('iamport-certify-button');
      el.setAttribute('adapter', '/adapter');
      const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'iamport-certify-error');
      document.body.append(el);
      const { detail } = await error;
      // "취소" in the PG's text: the person cancelled, a neutral outcome.
      expect(detail.code).to.equal('certification_cancelled');
      el.remove();
    } finally {
      history.replaceState(null, '', before);
    }
  });
});
