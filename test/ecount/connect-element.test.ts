import { expect, fixture, html } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import '../../src/ecount/element/ecount-connect.ts';
import type { EcountConnect } from '../../src/ecount/element/connect-element.ts';
import type { EcountStatus } from '../../src/ecount/shared/status.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';

const status = (over: Partial<EcountStatus> = {}): EcountStatus => ({
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
  limits: { daily: 5000, login: 1, apis: { 'InventoryBalance/ViewInventoryBalanceStatus': 1 } },
  ...over,
});
const connected = (over: Partial<EcountStatus> = {}) =>
  status({
    connected: true,
    zone: 'CC',
    loggedInAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    sessionAgeSeconds: 300,
    notice: '[샌드박스] 공지',
    limits: { daily: 4998, login: 0, apis: {} },
    ...over,
  });
const PASSWORD_LOCKED = {
  code: 'ecount_password_locked',
  ecountCode: 98,
  at: new Date().toISOString(),
  message: { ko: '비밀번호를 5회 이상 잘못 입력했습니다.', en: 'The password was entered wrongly 5 or more times.' },
};

const mount = (lang = 'ko', token = 'page-token-1') =>
  fixture<EcountConnect>(html`<ecount-connect adapter="/adapter" lang=${lang} token=${token}></ecount-connect>`);
const q = (el: EcountConnect, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const text = (el: EcountConnect, sel: string) => q(el, sel)?.textContent?.replace(/\s+/g, ' ').trim();

describe('<ecount-connect>', () => {
  let auth: string[];
  // Starting msw's service worker is slow on a busy machine; do it once, outside the tests' own time.
  before(async function () {
    this.timeout(30_000);
    await mockAdapter();
  });
  beforeEach(() => {
    auth = [];
  });

  it('shows the status card, fires ecount-connect-status, sends the page token and passes axe', async function () {
    this.timeout(20_000); // the first axe run loads axe-core
    await mockAdapter(
      http.get('/adapter/ecount/status', ({ request }) => {
        auth.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json(status());
      }),
    );
    const event = nextEvent<CustomEvent<EcountStatus>>(document, 'ecount-connect-status');
    const el = await mount();
    const e = await event;
    expect(e.detail.company).to.equal('80001');
    expect(e.bubbles && e.composed).to.equal(true);
    await el.updateComplete;
    expect(text(el, '[part=state]')).to.equal('연결 안 됨');
    expect(text(el, '[part=button]')).to.equal('연결');
    expect(text(el, '[part=card]')).to.contain('테스트');
    expect(auth).to.deep.equal(['Bearer page-token-1']);
    await expect(el).to.be.accessible();
  });

  it('connects: busy while waiting (aria-busy, disabled button), then shows zone, notice and the test button', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await mockAdapter(
      http.get('/adapter/ecount/status', () => HttpResponse.json(status())),
      http.post('/adapter/ecount/connect', async () => {
        await gate;
        return HttpResponse.json(connected());
      }),
    );
    const el = await mount();
    await waitUntil(() => q(el, '[part=state]'), 'card');
    q(el, '[part=button]')!.click();
    await waitUntil(() => q(el, '[part=base]')?.getAttribute('aria-busy') === 'true', 'busy');
    expect(q(el, '[part=button]')!.hasAttribute('disabled')).to.equal(true);
    expect(q(el, '[part=spinner]')).to.exist;
    await expect(el).to.be.accessible();
    const done = nextEvent<CustomEvent<EcountStatus>>(el, 'ecount-connect-status');
    release();
    expect((await done).detail.connected).to.equal(true);
    await waitUntil(() => q(el, '[part=base]')!.getAttribute('aria-busy') === 'false', 'not busy');
    expect(text(el, '[part=state]')).to.contain('연결됨');
    expect(text(el, '[part=state]')).to.contain('5분 경과');
    expect(text(el, '[part=card]')).to.contain('CC');
    expect(text(el, '[part=card]')).to.contain('[샌드박스] 공지');
    expect(text(el, '[part=button]')).to.equal('연결 테스트');
  });

  it('says the calls left in English words, plural or not (none left: "logins: 0")', async () => {
    await mockAdapter(http.get('/adapter/ecount/status', () => HttpResponse.json(status({ limits: { daily: 4998, login: 0, apis: {} } }))));
    const el = await mount('en');
    await waitUntil(() => text(el, '[part=card]')?.includes('Calls left'), 'card in English');
    expect(text(el, '[part=card]')).to.contain('Calls left today: 4998 · logins: 0');
  });

  for (const lang of ['ko', 'en'] as const) {
    it(`a failed connect fires ecount-connect-error and shows Ecount's reason and the stopped state (${lang})`, async () => {
      let calls = 0;
      await mockAdapter(
        http.get('/adapter/ecount/status', () =>
          HttpResponse.json(calls ? status({ blocked: true, failures: 1, lastError: PASSWORD_LOCKED }) : status()),
        ),
        http.post('/adapter/ecount/connect', async () => {
          calls += 1;
          await delay(20);
          return HttpResponse.json(
            { error: { code: 'ecount_password_locked', message: 'The password was entered wrongly 5 or more times.' } },
            { status: 502 },
          );
        }),
      );
      const el = await mount(lang);
      await waitUntil(() => q(el, '[part=state]'), 'card');
      const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(document, 'ecount-connect-error');
      q(el, '[part=button]')!.click();
      const e = await failed;
      await el.updateComplete;
      const msg = PASSWORD_LOCKED.message[lang];
      expect(e.detail).to.deep.equal({ code: 'ecount_password_locked', message: msg });
      expect(text(el, '[part=error]')).to.equal(msg);
      expect(q(el, '[part=error]')!.getAttribute('role')).to.equal('alert');
      expect(text(el, '[part=last-error]')).to.equal(msg);
      expect(text(el, '[part=state]')).to.equal(
        lang === 'ko' ? '로그인 중지됨 (운영자 초기화 필요)' : 'Logins stopped (an operator must reset)',
      );
      await expect(el).to.be.accessible();
    });
  }

  it('ecount_rate_limited gets its own text; the button is keyboard-operable', async () => {
    await mockAdapter(
      http.get('/adapter/ecount/status', () => HttpResponse.json(connected())),
      http.post('/adapter/ecount/connect', () =>
        HttpResponse.json({ error: { code: 'ecount_rate_limited', message: 'limit' } }, { status: 429, headers: { 'Retry-After': '10' } }),
      ),
    );
    const el = await mount();
    await waitUntil(() => q(el, '[part=state]'), 'card');
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'ecount-connect-error');
    const button = q(el, '[part=button]') as HTMLButtonElement;
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    button.click(); // Enter on a focused <button> activates it
    expect((await failed).detail.code).to.equal('ecount_rate_limited');
    await el.updateComplete;
    expect(text(el, '[part=error]')).to.contain('호출 한도');
  });

  it('a token or tokenProvider that arrives after the first read (a late page script) reads the status again', async () => {
    await mockAdapter(
      http.get('/adapter/ecount/status', ({ request }) =>
        request.headers.get('authorization')
          ? HttpResponse.json(status())
          : HttpResponse.json({ error: { code: 'token_missing', message: 'no token' } }, { status: 401 }),
      ),
    );
    const failed = nextEvent<CustomEvent<{ code: string }>>(document, 'ecount-connect-error');
    const el = await fixture<EcountConnect>(html`<ecount-connect adapter="/adapter"></ecount-connect>`);
    expect((await failed).detail.code).to.equal('token_missing');
    const read = nextEvent<CustomEvent<EcountStatus>>(el, 'ecount-connect-status');
    el.tokenProvider = () => 'late-token';
    expect((await read).detail.company).to.equal('80001');
    await el.updateComplete;
    expect(text(el, '[part=state]')).to.equal('연결 안 됨');
    expect(q(el, '[part=error]')).to.equal(null);
  });

  it('without an adapter attribute: missing_adapter, shown and fired', async () => {
    const failed = nextEvent<CustomEvent<{ code: string }>>(document, 'ecount-connect-error');
    const el = await fixture<EcountConnect>(html`<ecount-connect></ecount-connect>`);
    expect((await failed).detail.code).to.equal('missing_adapter');
    await el.updateComplete;
    expect(q(el, '[part=error]')).to.exist;
  });
});
