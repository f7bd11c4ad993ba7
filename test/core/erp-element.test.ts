import { expect, fixture } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { http, HttpResponse } from 'msw';
import { ErpElement } from '../../src/core/element/erp-element.ts';
import type { ErpErrorDetail } from '../../src/core/element/events.ts';
import { isString, shape } from '../../src/core/element/guards.ts';
import { type Messages, registerMessages, registered } from '../../src/core/element/i18n.ts';
import { mockAdapter, nextEvent } from '../helpers/browser.ts';

/** The smallest element on the base: one button that calls `GET thing` and shows the answer. */
class TestErpElement extends ErpElement<'label'> {
  protected readonly messages: Messages<'label'> = {
    ko: { label: '확인' },
    en: async () => ({ label: 'Check' }),
  };
  protected readonly errorEvent = 'test-erp-error';
  answer = '';
  async go() {
    this.error = undefined;
    try {
      const r = await this.whileBusy(() => this.request('thing', shape<{ v: string }>({ v: isString })));
      this.answer = r.v;
      this.setState('done', true);
    } catch (err) {
      this.fail(err);
    }
    this.requestUpdate();
  }
  override render() {
    return litHtml`<button part="button" ?disabled=${this.busy} @click=${this.go}>${this.t('label')}</button>${this.renderError()}`;
  }
}
customElements.define('test-erp-element', TestErpElement);

const mount = (attrs = 'adapter="/adapter"') => fixture<TestErpElement>(`<test-erp-element ${attrs}></test-erp-element>`);
const alertOf = (el: Element) => el.shadowRoot!.querySelector('[role=alert]')?.textContent?.trim();

/** An adapter that accepts only `valid` tokens and answers `token_expired` for `old` ones. */
function tokenAdapter(valid: string[], seen: (string | null)[]) {
  return mockAdapter(
    http.get('/adapter/thing', ({ request }) => {
      const auth = request.headers.get('authorization');
      seen.push(auth);
      if (auth && valid.includes(auth.replace(/^Bearer /, ''))) return HttpResponse.json({ v: 'ok' });
      const code = auth ? 'token_expired' : 'token_missing';
      return HttpResponse.json({ error: { code, message: code } }, { status: 401 });
    }),
  );
}

describe('ErpElement (the base every element shares)', () => {
  afterEach(() => registered.clear());

  it('refuses to call without an adapter: missing_adapter, shown and fired', async () => {
    await mockAdapter();
    const el = await mount('');
    const ev = nextEvent<CustomEvent<ErpErrorDetail>>(el, 'test-erp-error');
    await el.go();
    expect((await ev).detail).to.deep.equal({ code: 'missing_adapter', message: 'adapter 속성이 필요합니다.' });
    await el.updateComplete;
    expect(alertOf(el)).to.equal('adapter 속성이 필요합니다.');
  });

  it('sends the token attribute as Authorization: Bearer', async () => {
    const seen: (string | null)[] = [];
    await tokenAdapter(['t1'], seen);
    const el = await mount('adapter="/adapter" token="t1"');
    await el.go();
    expect(el.answer).to.equal('ok');
    expect(seen).to.deep.equal(['Bearer t1']);
  });

  it('asks tokenProvider before the first call, reuses its token, and asks once more on token_expired', async () => {
    const seen: (string | null)[] = [];
    const valid = ['p1'];
    await tokenAdapter(valid, seen);
    const el = await mount();
    let calls = 0;
    el.tokenProvider = async () => `p${++calls}`;
    await el.go();
    await el.go();
    expect([calls, el.answer]).to.deep.equal([1, 'ok']);
    valid.splice(0, 1, 'p2'); // p1 expires
    await el.go();
    expect(calls).to.equal(2);
    expect(seen).to.deep.equal(['Bearer p1', 'Bearer p1', 'Bearer p1', 'Bearer p2']);
  });

  it('asks tokenProvider when the token attribute has expired, and shows token_expired when the new one is refused too', async () => {
    const seen: (string | null)[] = [];
    await tokenAdapter([], seen);
    const el = await mount('adapter="/adapter" token="old" lang="en"');
    let calls = 0;
    el.tokenProvider = () => `new${++calls}`;
    const ev = nextEvent<CustomEvent<ErpErrorDetail>>(el, 'test-erp-error');
    await el.go();
    expect((await ev).detail.code).to.equal('token_expired');
    expect(calls).to.equal(1, 'one renewal, no loop');
    expect(seen).to.deep.equal(['Bearer old', 'Bearer new1']);
    await el.updateComplete;
    expect(alertOf(el)).to.equal('Your sign-in has expired. Please reload the page.');
  });

  it('does not renew without a tokenProvider, and reports a failing provider as token_unavailable', async () => {
    const seen: (string | null)[] = [];
    await tokenAdapter([], seen);
    const el = await mount('adapter="/adapter" token="old"');
    await el.go();
    expect(seen).to.deep.equal(['Bearer old']);
    const el2 = await mount();
    el2.tokenProvider = () => Promise.reject(new Error('logged out'));
    const ev = nextEvent<CustomEvent<ErpErrorDetail>>(el2, 'test-erp-error');
    await el2.go();
    expect((await ev).detail.code).to.equal('token_unavailable');
    expect(seen).to.have.length(1, 'no call without a token from the provider');
  });

  it('shows a 403 origin_not_allowed as its own message, not as a network error', async () => {
    await mockAdapter(http.get('/adapter/thing', () => HttpResponse.json({ error: { code: 'origin_not_allowed' } }, { status: 403 })));
    const el = await mount();
    const ev = nextEvent<CustomEvent<ErpErrorDetail>>(el, 'test-erp-error');
    await el.go();
    const { detail } = await ev;
    expect(detail.code).to.equal('origin_not_allowed');
    expect(detail.message).to.contain('origin');
    expect(detail.message).not.to.contain('네트워크');
  });

  it('delegates focus: el.focus() focuses its first control', async () => {
    await mockAdapter();
    const el = await mount();
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('button'));
  });

  it('exposes :state(busy) during a call and :state(done) after it', async () => {
    let release!: () => void;
    await mockAdapter(
      http.get('/adapter/thing', async () => {
        await new Promise<void>((r) => (release = r));
        return HttpResponse.json({ v: 'ok' });
      }),
    );
    const el = await mount();
    expect(el.matches(':state(busy)')).to.equal(false);
    const going = el.go();
    expect(el.matches(':state(busy)')).to.equal(true);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await going;
    expect(el.matches(':state(busy)')).to.equal(false);
    expect(el.matches(':state(done)')).to.equal(true);
  });

  it('draws the focus ring with outline (kept in forced-colors mode)', async () => {
    await mockAdapter();
    const el = await mount();
    const button = el.shadowRoot!.querySelector('button')!;
    button.focus({ focusVisible: true } as FocusOptions);
    const style = getComputedStyle(button);
    expect(style.outlineStyle).to.equal('solid');
    expect(style.boxShadow).to.equal('none');
  });

  it('registerMessages overrides text for every element, per element, and adds a language', async () => {
    await mockAdapter();
    const el = await mount();
    registerMessages('ko', { label: '모두' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('모두');
    registerMessages('ko', { 'test-erp-element.label': '이것만', 'other-element.label': '다른' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('이것만');
    registerMessages('ja', { missing_adapter: 'adapter 属性が必要です。' });
    el.lang = 'ja-JP';
    el.adapter = '';
    const ev = nextEvent<CustomEvent<ErpErrorDetail>>(el, 'test-erp-error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Check', 'a key ja lacks falls back to English');
    await el.go();
    expect((await ev).detail.message).to.equal('adapter 属性が必要です。');
  });
});
