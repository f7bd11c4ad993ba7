import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { errorsKo } from '../../src/smartbill/element/signup-form.errors.ko.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { en } from '../../src/smartbill/element/signup-form.messages.en.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';
import { created, FULL, preloadValidation, status } from './form-fixture.ts';

const ko = { ...signupMessages.ko, ...errorsKo };

const q = <T extends Element = HTMLInputElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel)!;
const msgOf = (el: Element, name: string) => {
  const input = q(el, `#${name}`);
  const id = input.getAttribute('aria-describedby');
  return id ? q(el, `#${id}`).textContent!.trim() : '';
};
const submit = (el: Element) => q<HTMLButtonElement>(el, 'button[type=submit]').click();

describe('<smartbill-signup-form>', () => {
  const realOpen = window.open;
  const realSubmit = HTMLFormElement.prototype.submit;
  let opened: unknown[][];
  let posted: { action: string; target: string; method: string; charset: string; fields: Record<string, string> }[];
  let popup: { closed: boolean; close(): void } | null;

  before(preloadValidation);

  beforeEach(() => {
    sessionStorage.clear(); // no attempt resumed from an earlier test
    opened = [];
    posted = [];
    popup = {
      closed: false,
      close() {
        this.closed = true;
      },
    };
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      return popup;
    }) as typeof window.open;
    HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
      posted.push({
        action: this.action,
        target: this.target,
        method: this.method,
        charset: this.acceptCharset,
        fields: Object.fromEntries(new FormData(this)) as Record<string, string>,
      });
    };
  });
  afterEach(() => {
    window.open = realOpen;
    HTMLFormElement.prototype.submit = realSubmit;
  });

  it('renders the 15 labelled fields and passes axe', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form adapter="/adapter"></smartbill-signup-form>`);
    expect(el.shadowRoot!.querySelectorAll('input, select')).to.have.length(15);
    expect(q(el, 'label[for=pComRegNo]').textContent).to.contain(ko.pComRegNo);
    await expect(el).to.be.accessible();
  });

  it('tells existing members to log in with the administrator ID (seed 000, 3-1) before the SmartBill window opens', async () => {
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
      http.get('/adapter/smartbill/signups/:id', () => HttpResponse.json(status('pending'))),
    );
    // English first: once this test submits, a new form resumes the attempt instead of showing the form.
    const english = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form adapter="/adapter" lang="en"></smartbill-signup-form>`);
    await waitUntil(() => q(english, '[part=member-note]').textContent!.trim() === en.member_login_note, 'the English note');
    expect(en.member_login_note).to.contain('administrator ID');
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
    );
    const note = q<HTMLElement>(el, '[part=member-note]');
    expect(note.textContent!.trim()).to.equal(ko.member_login_note);
    expect(note.textContent).to.contain('관리자 ID로 로그인');
    expect(note.checkVisibility()).to.equal(true);
    // The submit button names it, so a screen reader hears it on the button that opens the window.
    expect(q(el, 'button[type=submit]').getAttribute('aria-describedby')).to.equal(note.id);
    let shownWhenOpened = false;
    window.open = ((...args: unknown[]) => {
      shownWhenOpened = q<HTMLElement>(el, '[part=member-note]')?.checkVisibility() ?? false;
      opened.push(args);
      return popup;
    }) as typeof window.open;
    submit(el);
    expect(opened).to.have.length(1);
    expect(shownWhenOpened).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('prefills from the attribute (JSON) and the property; the model value is digits only', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" prefill='{"pComRegNo":"1208147521","pComName":"회사A"}'></smartbill-signup-form>`,
    );
    expect(q(el, '#pComRegNo').value).to.equal('120-81-47521');
    expect(q(el, '#pComName').value).to.equal('회사A');
    el.prefill = { pComName: '회사B', pMemEmail: 'b@example.com' };
    await el.updateComplete;
    expect(q(el, '#pComName').value).to.equal('회사B');
    expect(q(el, '#pMemEmail').value).to.equal('b@example.com');
    expect(el.value.pComRegNo).to.equal('1208147521');
  });

  it('locks readonly-fields', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" readonly-fields="pComRegNo pID pMasterYN"></smartbill-signup-form>`,
    );
    expect(q(el, '#pComRegNo').readOnly).to.equal(true);
    expect(q(el, '#pID').readOnly).to.equal(true);
    expect(q(el, '#pMasterYN').tagName).to.equal('INPUT');
    expect(q(el, '#pComName').readOnly).to.equal(false);
  });

  it('shows accessible per-field errors and opens nothing when the form is invalid', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form
        adapter="/adapter"
        .prefill=${{ ...FULL, pZipCode: '123', pMemTel: '02-11', pMemEmail: 'x@', pComName: '', pMemHP: '010', pID: 'u'.repeat(51) }}
      ></smartbill-signup-form>`,
    );
    submit(el);
    await el.updateComplete;
    expect(opened).to.have.length(0);
    expect(q(el, '#pZipCode').getAttribute('aria-invalid')).to.equal('true');
    expect(msgOf(el, 'pZipCode')).to.equal(ko.zip);
    expect(msgOf(el, 'pMemTel')).to.equal(ko.phone);
    expect(msgOf(el, 'pMemHP')).to.equal(ko.phone);
    expect(msgOf(el, 'pMemEmail')).to.equal(ko.email);
    expect(msgOf(el, 'pComName')).to.equal(ko.required);
    expect(msgOf(el, 'pID')).to.equal(ko.too_long.replace('{max}', '50'));
    expect(q(el, '#pComRegNo').getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.activeElement?.id).to.equal('pComName');
    await expect(el).to.be.accessible();
  });

  it('refuses a bad check digit in production and accepts it with a warning in demo', async () => {
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () => HttpResponse.json({ ...created, env: 'demo' }, { status: 201 })),
      http.get('/adapter/smartbill/signups/:id', () => HttpResponse.json(status('pending'))),
    );
    const prod = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${{ ...FULL, pComRegNo: '1000000004' }}></smartbill-signup-form>`,
    );
    submit(prod);
    await prod.updateComplete;
    expect(msgOf(prod, 'pComRegNo')).to.equal(ko.biz_no_check);
    expect(opened).to.have.length(0);

    const demo = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form
        adapter="/adapter"
        env="demo"
        .prefill=${{ ...FULL, pComRegNo: '100-00-00004' }}
      ></smartbill-signup-form>`,
    );
    expect(msgOf(demo, 'pComRegNo')).to.equal(ko.biz_no_demo);
    expect(q(demo, '#pComRegNo').getAttribute('aria-invalid')).to.equal('false');
    const submitted = nextEvent(demo, 'smartbill-signup-submit');
    submit(demo);
    expect(((await submitted) as CustomEvent).detail.form.pComRegNo).to.equal('1000000004');
    demo.remove();
  });

  it('speaks English with lang="en"', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" lang="en" .prefill=${{ ...FULL, pZipCode: 'abcde' }}></smartbill-signup-form>`,
    );
    submit(el);
    await el.updateComplete;
    expect(q(el, 'label[for=pZipCode]').textContent).to.contain(en.pZipCode);
    expect(msgOf(el, 'pZipCode')).to.equal(en.zip);
  });

  it('registers, posts the UTF-8 form into the named popup, then completes from the live status', async () => {
    let polls = 0;
    let registered: unknown;
    await mockAdapter(
      http.post('/adapter/smartbill/signups', async ({ request }) => {
        registered = await request.json();
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/adapter/smartbill/signups/:id', ({ request }) => {
        expect(new URL(request.url).searchParams.get('token')).to.equal(created.token);
        return HttpResponse.json(status(++polls < 2 ? 'pending' : 'completed'));
      }),
    );
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${{ ...FULL, pComRegNo: '120-81-47521' }}></smartbill-signup-form>`,
    );
    const submitted = nextEvent<CustomEvent>(el, 'smartbill-signup-submit');
    const completed = nextEvent<CustomEvent>(el, 'smartbill-signup-complete');
    submit(el);
    expect(opened[0]![1]).to.equal('smartbill-signup');
    expect((await submitted).detail.id).to.equal(created.id);
    expect(registered).to.deep.equal({ env: 'production', form: { ...FULL, pMemHP: '', pMemFax: '' } });
    expect(posted).to.have.length(1);
    expect(posted[0]).to.deep.include({
      action: 'https://www.smartbill.co.kr/xMain/mb/shar_transfer/info_inpt01.aspx',
      target: 'smartbill-signup',
      method: 'post',
      charset: 'UTF-8',
    });
    expect(posted[0]!.fields.pComRegNo).to.equal('1208147521');
    expect(Object.keys(posted[0]!.fields)).to.have.length(15);
    await waitUntil(() => el.shadowRoot!.querySelector('[part=steps]'), 'steps shown');
    const done = await completed;
    expect(done.detail).to.deep.equal({ SBID: 'sb1', regYn: 'Y', COM_REGNO: '1208147521', pID: 'erp-user' });
    await el.updateComplete;
    expect(q(el, '[part=result]').textContent).to.equal(ko.completed.replace('{id}', 'sb1'));
    await expect(el).to.be.accessible();
  });

  it('detects a blocked popup, offers a retry from a new click, and posts then', async () => {
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
      http.get('/adapter/smartbill/signups/:id', () => HttpResponse.json(status('completed'))),
    );
    const blocked = popup;
    popup = null;
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
    );
    const error = nextEvent<CustomEvent>(el, 'smartbill-signup-error');
    submit(el);
    expect((await error).detail).to.deep.equal({ code: 'popup_blocked', message: ko.popup_blocked });
    await el.updateComplete;
    expect(q(el, '[role=alert]').textContent).to.equal(ko.popup_blocked);
    expect(posted).to.have.length(0);
    await expect(el).to.be.accessible();
    popup = blocked;
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes(ko.retry_popup))!;
    const completed = nextEvent(el, 'smartbill-signup-complete');
    retry.click();
    expect(opened).to.have.length(2);
    await completed;
    expect(posted[0]!.target).to.equal('smartbill-signup');
  });

  it('offers the same-window fallback when the popup stays blocked', async () => {
    let reads = 0;
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
      http.get('/adapter/smartbill/signups/:id', () => {
        reads += 1;
        return HttpResponse.json(status('pending'));
      }),
    );
    popup = null;
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
    );
    submit(el);
    await el.updateComplete;
    const same = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes(ko.same_window))!;
    same.click();
    await waitUntil(() => posted.length, 'posted');
    expect(posted[0]!.target).to.equal('_self');
    // Removed only once its first read reached msw: an aborted read still in the service worker's queue would arrive
    // during the next test, after its handlers replaced these, and count as that test's unhandled request.
    await waitUntil(() => reads, 'the first status read');
    el.remove();
  });

  it('shows the adapter refusal and closes the popup', async () => {
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () =>
        HttpResponse.json(
          { error: { code: 'smartbill_env_mismatch', message: 'the adapter is configured for SmartBill demo, the form for production' } },
          { status: 400 },
        ),
      ),
    );
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
    );
    const error = nextEvent<CustomEvent>(el, 'smartbill-signup-error');
    submit(el);
    // The person reads a plain message; the developer gets the attribute, both values and the fix (also in the console).
    expect((await error).detail).to.deep.equal({
      code: 'smartbill_env_mismatch',
      message: ko.smartbill_env_mismatch,
      attribute: 'env',
      value: 'production',
      adapterValue: 'demo',
      hint: 'env="production" but the adapter runs SmartBill demo (the sandbox always runs demo): set env="demo" on the element, or smartbill.environment in the adapter config',
    });
    expect(popup!.closed).to.equal(true);
    expect(posted).to.have.length(0);
  });

  it('without callback sync, links the completion page and never polls', async () => {
    let polls = 0;
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () =>
        HttpResponse.json({ ...created, env: 'demo', site: 'https://demo.smartbill.co.kr' }, { status: 201 }),
      ),
      http.get('/adapter/smartbill/signups/:id', () => {
        polls++;
        return HttpResponse.json(status('pending'));
      }),
    );
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" env="demo" callback="none" .prefill=${FULL}></smartbill-signup-form>`,
    );
    submit(el);
    const link = await waitUntil(() => el.shadowRoot!.querySelector<HTMLAnchorElement>('a[href$="vendor_join_cplt.aspx"]'), 'no-sync link');
    expect(link.href).to.equal('https://demo.smartbill.co.kr/xMain/mb/mb_join/vendor_join_cplt.aspx');
    expect(polls).to.equal(0);
  });

  it('offers the three recovery pages on "problem?" and when the wait times out', async () => {
    await mockAdapter(
      http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
      http.get('/adapter/smartbill/signups/:id', () => HttpResponse.json(status('pending'))),
    );
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" timeout="0" .prefill=${FULL}></smartbill-signup-form>`,
    );
    const error = nextEvent<CustomEvent>(el, 'smartbill-signup-error');
    submit(el);
    expect((await error).detail.code).to.equal('smartbill_timeout');
    await el.updateComplete;
    const hrefs = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part=recovery] a')].map((a) => a.href);
    expect(hrefs).to.deep.equal(
      ['get_auth_code', 'get_auth_token', 'set_cert_info'].map((p) => `https://www.smartbill.co.kr/xMain/openapi/${p}.aspx`),
    );
    await expect(el).to.be.accessible();
  });
});
