import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { errorsKo } from '../../src/smartbill/element/signup-form.errors.ko.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';
import { created, FULL, preloadValidation, status } from './form-fixture.ts';

const ko = { ...signupMessages.ko, ...errorsKo };

const q = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel);
const statusText = (el: Element) => q(el, '[part=status]')?.textContent?.trim() ?? '';

/** The adapter: registration, then reads answered by `read()` (pending, completed, or a network failure). */
function adapter(read: () => Response | Promise<Response>) {
  return mockAdapter(
    http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
    // A no-cors request is the element's probe after a failed read (network down, or a wrong path?): not a read.
    http.get(`/adapter/smartbill/signups/${created.id}`, ({ request }) => (request.mode === 'no-cors' ? HttpResponse.error() : read())),
  );
}

describe('<smartbill-signup-form>: a closed window, reconnecting, reloads, prefill and phone numbers, in-app browsers', () => {
  const realOpen = window.open;
  const realSubmit = HTMLFormElement.prototype.submit;
  let opened: unknown[][];
  let posted: { target: string }[];
  let popup: { closed: boolean; close(): void; document?: Document };

  before(preloadValidation);

  beforeEach(() => {
    sessionStorage.clear();
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
      posted.push({ target: this.target });
    };
  });
  afterEach(() => {
    window.open = realOpen;
    HTMLFormElement.prototype.submit = realSubmit;
  });

  const mount = (id = 'signup') =>
    fixture<SmartbillSignupForm>(html`<smartbill-signup-form id=${id} adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`);
  const submit = (el: Element) => q<HTMLButtonElement>(el, 'button[type=submit]')!.click();

  it('writes "connecting to SmartBill…" into the window while the attempt registers', async () => {
    const frame = document.createElement('iframe'); // a same-origin blank window, like window.open('')
    document.body.append(frame);
    popup = frame.contentWindow as unknown as typeof popup;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await mockAdapter(
      http.post('/adapter/smartbill/signups', async () => {
        await gate;
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get(`/adapter/smartbill/signups/${created.id}`, () => HttpResponse.json(status('pending'))),
    );
    const el = await mount();
    submit(el);
    await waitUntil(() => frame.contentDocument!.body.textContent!.includes(ko.connecting), 'the connecting text in the window');
    release();
    await waitUntil(() => statusText(el).includes(ko.waiting), 'waiting');
    frame.remove();
  });

  it('notices the SmartBill window closing early: reopen it (same attempt, same window) or edit the form; a late callback still completes', async () => {
    let done = false;
    await adapter(() => HttpResponse.json(status(done ? 'completed' : 'pending')));
    const el = await mount();
    submit(el);
    await waitUntil(() => statusText(el).includes(ko.waiting), 'waiting');
    popup.closed = true;
    await waitUntil(() => statusText(el).includes(ko.window_closed), 'the closed window noticed');
    const [reopen, edit] = Array.from(el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=closed] button'));
    expect(reopen!.textContent).to.contain(ko.reopen);
    expect(edit!.textContent).to.contain(ko.edit_form);
    await waitUntil(() => el.shadowRoot!.activeElement === reopen, 'focus on the first choice');
    await expect(el).to.be.accessible();

    popup.closed = false;
    reopen!.click();
    await el.updateComplete;
    expect(opened).to.have.length(2);
    expect(posted.map((p) => p.target)).to.deep.equal(['smartbill-signup', 'smartbill-signup']);
    expect(statusText(el)).to.contain(ko.waiting);

    popup.closed = true;
    await waitUntil(() => q(el, '[part=closed]'), 'closed again');
    q<HTMLButtonElement>(el, '[part=closed] button.secondary')!.click();
    await waitUntil(() => q(el, '[part=form]'), 'the form is back');
    expect(q<HTMLInputElement>(el, '#pComName')!.value).to.equal(FULL.pComName);
    expect(sessionStorage.length).to.equal(0);

    // Without editing: a callback that lands after the window closed still completes the element.
    const other = await mount('other');
    submit(other);
    await waitUntil(() => statusText(other).includes(ko.waiting), 'waiting');
    popup.closed = true;
    await waitUntil(() => q(other, '[part=closed]'), 'closed');
    const complete = nextEvent(other, 'smartbill-signup-complete', 8000);
    done = true;
    await complete;
  });

  it('says "reconnecting…" while the adapter is unreachable, backs off, and completes once it answers', async () => {
    let reads = 0;
    await adapter(() => {
      reads += 1;
      return reads <= 2 ? HttpResponse.error() : HttpResponse.json(status('completed'));
    });
    const el = await mount();
    const complete = nextEvent(el, 'smartbill-signup-complete', 8000);
    const started = performance.now();
    submit(el);
    await waitUntil(() => statusText(el).includes(ko.reconnecting), 'reconnecting shown');
    await complete;
    // Two failures: waits of 1 s then 2 s before the third read (not a read every second).
    expect(performance.now() - started).to.be.greaterThan(2900);
    expect(reads).to.equal(3);
    await waitUntil(() => !statusText(el).includes(ko.reconnecting), 'reconnecting cleared');
  });

  it('does not hot-loop when the adapter answers "pending" at once (longPollMs: 0): reads stay ≥ 1 s apart', async () => {
    const reads: number[] = [];
    await adapter(() => HttpResponse.json(status('pending')));
    // Timed when the element asks, not when msw sees the request: the service worker's delivery jitters under load.
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes(`/signups/${created.id}`)) reads.push(performance.now());
      return realFetch(input, init);
    };
    try {
      const el = await mount();
      submit(el);
      await waitUntil(() => reads.length >= 3, 'three reads', 6000);
      el.remove(); // and a disconnected element stops polling
      const count = reads.length;
      // A hot loop reads every few ms. The spacing is 1 s from one read's start to the next, so a read whose
      // fetch a loaded machine delayed makes one gap shorter: bound every gap loosely and the mean tightly.
      for (let i = 1; i < reads.length; i++) expect(reads[i]! - reads[i - 1]!).to.be.greaterThan(300);
      expect((reads.at(-1)! - reads[0]!) / (reads.length - 1)).to.be.greaterThan(700);
      await new Promise((r) => setTimeout(r, 1500));
      expect(reads.length).to.equal(count);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('removed while the attempt registers: never starts the long-poll; moved in the page: resumes it', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    let reads = 0;
    await mockAdapter(
      http.post('/adapter/smartbill/signups', async () => {
        await answered;
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get(`/adapter/smartbill/signups/${created.id}`, () => {
        reads += 1;
        return HttpResponse.json(status('pending'));
      }),
    );
    const removed = await mount();
    const registered = nextEvent(removed, 'smartbill-signup-submit');
    submit(removed);
    removed.remove(); // e.g. the ERP's single-page app navigated away
    answer();
    await registered;
    await new Promise((r) => setTimeout(r, 1200)); // a poll would have read at once, and again after 1 s
    expect(reads).to.equal(0);

    sessionStorage.clear();
    const moved = await mount('moved');
    submit(moved);
    await waitUntil(() => reads >= 1, 'first read');
    moved.parentElement!.append(moved); // disconnected and connected again: the disconnect stopped the poll
    const before = reads;
    await waitUntil(() => reads > before, 'reads go on after the move', 4000);
    moved.remove();
  });

  it('moves focus to the status after submitting, and a reload after completion shows the outcome, not an empty form', async () => {
    await adapter(() => HttpResponse.json(status('completed')));
    const el = await mount();
    q<HTMLButtonElement>(el, 'button[type=submit]')!.focus();
    const complete = nextEvent(el, 'smartbill-signup-complete');
    submit(el);
    await complete;
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'status', 'focus on the status');
    el.remove();

    const reloaded = await mount();
    await waitUntil(() => q(reloaded, '[part=result]'), 'the completed attempt restored');
    expect(q(reloaded, '[part=form]')).to.equal(null);
    expect(opened).to.have.length(1);
  });

  it('invalid prefill JSON: a console warning and smartbill-signup-error invalid_prefill', async () => {
    await mockAdapter();
    const warnings: unknown[][] = [];
    const realWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = document.createElement('smartbill-signup-form');
      el.setAttribute('adapter', '/adapter');
      el.setAttribute('prefill', '{"pComName": 회사}');
      const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'smartbill-signup-error');
      document.body.append(el);
      const { detail } = await error;
      expect(detail.code).to.equal('invalid_prefill');
      expect(detail.message).to.equal(ko.invalid_prefill);
      expect(String(warnings[0]?.[0])).to.contain('prefill');
      el.remove();
    } finally {
      console.warn = realWarn;
    }
  });

  it('reformats phone numbers typed without dashes, as the business number is', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form
        adapter="/adapter"
        .prefill=${{ ...FULL, pMemTel: '0211111111', pMemHP: '01012345678' }}
      ></smartbill-signup-form>`,
    );
    expect(q<HTMLInputElement>(el, '#pMemTel')!.value).to.equal('02-1111-1111');
    expect(q<HTMLInputElement>(el, '#pMemHP')!.value).to.equal('010-1234-5678');
    const fax = q<HTMLInputElement>(el, '#pMemFax')!;
    fax.value = '0312345678';
    fax.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    fax.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(fax.value).to.equal('031-234-5678');
    expect(el.value.pMemFax).to.equal('031-234-5678');
  });

  it('says "registering…" on the submit button while the attempt registers', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    await mockAdapter(
      http.post('/adapter/smartbill/signups', async () => {
        await answered;
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get(`/adapter/smartbill/signups/${created.id}`, () => HttpResponse.json(status('completed'))),
    );
    const el = await mount();
    const complete = nextEvent(el, 'smartbill-signup-complete');
    submit(el);
    await waitUntil(() => q(el, 'button[type=submit]')?.textContent?.includes(ko.registering), 'registering shown');
    answer();
    await complete;
  });

  it('shows "please check the form" after an invalid submit', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${{ ...FULL, pMemEmail: 'x@' }}></smartbill-signup-form>`,
    );
    submit(el);
    await el.updateComplete;
    expect(q(el, '[part=summary]')?.textContent).to.contain(ko.invalid_form);
    expect(opened).to.have.length(0);
  });

  it('goes through SmartBill in this window in an in-app browser (no popup)', async () => {
    Object.defineProperty(navigator, 'userAgent', {
      configurable: true,
      get: () =>
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 1000; 12.0.0)',
    });
    try {
      await adapter(() => HttpResponse.json(status('pending')));
      const el = await mount();
      const submitted = nextEvent(el, 'smartbill-signup-submit');
      submit(el);
      await submitted;
      expect(opened).to.have.length(0);
      expect(posted.map((p) => p.target)).to.deep.equal(['_self']);
      expect(JSON.parse(sessionStorage.getItem(`erp-widgets:smartbill-signup:${location.pathname}#signup`)!).id).to.equal(created.id);
    } finally {
      delete (navigator as { userAgent?: string }).userAgent;
    }
  });
});
