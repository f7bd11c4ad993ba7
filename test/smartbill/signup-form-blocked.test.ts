import { expect, fixture, html } from '@open-wc/testing';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { errorsKo } from '../../src/smartbill/element/signup-form.errors.ko.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { mockAdapter, nextEvent } from '../helpers/browser.ts';
import { FULL } from './form-fixture.ts';

// Its own page (wtr runs each file in one): the validation chunk has not loaded when the submit comes, so the window
// opens after a wait, which a real popup blocker may refuse (test/e2e/popup-blocker.e2e.test.ts shows it does).
describe('<smartbill-signup-form> window blocked after the validation had to load', () => {
  const realOpen = window.open;
  afterEach(() => (window.open = realOpen));

  it('says "press again" (not "turn off the blocker"), and the retry button opens the window', async () => {
    await mockAdapter();
    const opened: string[] = [];
    window.open = ((_url: string, name: string) => (opened.push(name), null)) as typeof window.open;
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${FULL}></smartbill-signup-form>`,
    );
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'smartbill-signup-error');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const { detail } = await failed;
    await el.updateComplete;
    expect(opened).to.deep.equal(['smartbill-signup']);
    expect(detail.code).to.equal('popup_blocked');
    expect(detail.message).to.equal(errorsKo.popup_blocked_retry);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim()).to.equal(errorsKo.popup_blocked_retry);

    // The retry runs in its own click, with the validation loaded: a blocker refusing it now is a real blocker.
    const again = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'smartbill-signup-error');
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === signupMessages.ko.retry_popup)!;
    retry.click();
    expect((await again).detail.message).to.equal(errorsKo.popup_blocked);
    expect(opened).to.have.length(2);
  });
});
