import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { en } from '../../src/smartbill/element/signup-form.messages.en.ts';
import { SMARTBILL_PAGES } from '../../src/smartbill/shared/schema.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';
import { created, FULL, preloadValidation, status } from './form-fixture.ts';

const ko = signupMessages.ko;
const q = <T extends Element = HTMLInputElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T & Element>(sel)!;
const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

// The form as a person fills it on a phone: the right keyboard and autofill per field, no iOS zoom on focus, words
// instead of Y/N, the summary beside the button, and a last step that says whether anything is left.
describe('<smartbill-signup-form> on a phone', () => {
  before(preloadValidation);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('gives each field its keyboard and autofill: type, inputmode, autocomplete', async () => {
    const el = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form adapter="/adapter"></smartbill-signup-form>`);
    const attrs = (name: string) => {
      const i = q(el, `#${name}`);
      return [i.type, i.getAttribute('inputmode'), i.getAttribute('autocomplete')];
    };
    expect(attrs('pComRegNo')).to.deep.equal(['text', 'numeric', 'off']);
    expect(attrs('pComName')).to.deep.equal(['text', null, 'organization']);
    expect(attrs('pZipCode')).to.deep.equal(['text', 'numeric', 'postal-code']);
    expect(attrs('pComAddress')).to.deep.equal(['text', null, 'street-address']);
    expect(attrs('pMemName')).to.deep.equal(['text', null, 'name']);
    expect(attrs('pMemTel')).to.deep.equal(['tel', null, 'tel']);
    expect(attrs('pMemHP')).to.deep.equal(['tel', null, 'mobile tel']);
    expect(attrs('pMemFax')).to.deep.equal(['tel', null, 'fax tel']);
    expect(attrs('pMemEmail')).to.deep.equal(['email', null, 'email']);
  });

  it('uses 16 px inputs at 390 px (iOS Safari zooms into smaller ones on focus), the page size on a desktop', async () => {
    const el = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form adapter="/adapter"></smartbill-signup-form>`);
    const sizes = () => [q(el, '#pMemHP'), q(el, '#pMasterYN')].map((i) => parseFloat(getComputedStyle(i).fontSize));
    await setViewport({ width: 1280, height: 800 });
    expect(sizes()).to.deep.equal([15, 15]);
    await setViewport({ width: 390, height: 844 });
    for (const size of sizes()) expect(size).to.be.at.least(16);
  });

  it('labels the administrator choice 예/아니오 (Yes/No in English), not a bare Y/N', async () => {
    const el = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form adapter="/adapter"></smartbill-signup-form>`);
    const options = () => [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('#pMasterYN option')].map((o) => [o.value, text(o)]);
    expect(options()).to.deep.equal([
      ['', ''],
      ['Y', '예'],
      ['N', '아니오'],
    ]);
    el.lang = 'en';
    await waitUntil(() => options()[1]![1] === 'Yes', 'English options');
    expect(options()[2]).to.deep.equal(['N', 'No']);
  });

  it('in a four-column page layout puts "check the form" on its own row, right above the button', async () => {
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = '.wide::part(form) { grid-template-columns: repeat(4, 1fr) }';
    const form = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form class="wide" adapter="/adapter" style="display:block;width:1200px"></smartbill-signup-form>`,
    );
    expect(getComputedStyle(q(form, '[part=form]')).gridTemplateColumns.split(' ')).to.have.length(4);
    q<HTMLButtonElement>(form, 'button[type=submit]').click();
    const summary = await waitUntil(() => form.shadowRoot!.querySelector('[part=summary]'), 'summary shown');
    const s = summary.getBoundingClientRect();
    const b = q(form, 'button[type=submit]').getBoundingClientRect();
    const f = q(form, '[part=form]').getBoundingClientRect();
    expect(s.left, 'starts at the form edge, like the button').to.be.closeTo(f.left, 1);
    expect(b.top - s.bottom, 'right above the button (only the member note between)').to.be.within(0, 80);
    style.remove();
  });

  it('after completion ticks steps 1-4 and words step 5 as "done if registered in the window, else here" with the link', async () => {
    const realOpen = window.open;
    const realSubmit = HTMLFormElement.prototype.submit;
    window.open = (() => ({ closed: false, close() {} })) as unknown as typeof window.open;
    HTMLFormElement.prototype.submit = () => undefined;
    try {
      await mockAdapter(
        http.post('/adapter/smartbill/signups', () => HttpResponse.json(created, { status: 201 })),
        http.get('/adapter/smartbill/signups/:id', () => HttpResponse.json(status('completed'))),
      );
      const el = await fixture<SmartbillSignupForm>(
        html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
      );
      const completed = nextEvent(el, 'smartbill-signup-complete');
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      await completed;
      await el.updateComplete;
      const steps = [...el.shadowRoot!.querySelectorAll('[part=steps] li')];
      expect(steps.map((li) => li.className)).to.deep.equal(['done', 'done', 'done', 'done', 'later']);
      expect(text(steps[4]!)).to.equal(`${ko.step5_after} ${ko.cert}`);
      expect(steps[4]!.querySelector('a')!.href).to.equal(created.site + SMARTBILL_PAGES.cert);
      el.lang = 'en';
      await waitUntil(() => text(el.shadowRoot!.querySelectorAll('[part=steps] li')[4]!).startsWith(en.step5_after), 'English step 5');
      await expect(el).to.be.accessible();
    } finally {
      window.open = realOpen;
      HTMLFormElement.prototype.submit = realSubmit;
    }
  });
});
