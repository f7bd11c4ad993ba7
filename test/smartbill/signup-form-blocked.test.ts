import { expect } from '@open-wc/testing';
import { delay, http, passthrough } from 'msw';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { errorsKo } from '../../src/smartbill/element/signup-form.errors.ko.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { mockAdapter, nextEvent } from '../helpers/browser.ts';
import { FULL } from './form-fixture.ts';

// Its own page (wtr runs each file in one): the validation chunk has not arrived when the submit comes. The window
// opens inside the tap all the same (test/e2e/webkit.e2e.test.ts shows WebKit then lets it open), so a refusal is a
// real blocker's.
describe('<smartbill-signup-form> window blocked while the validation was still loading', () => {
  const realOpen = window.open;
  afterEach(() => (window.open = realOpen));

  it('asks for the window inside the tap, says "popup blocked", and the retry button asks again', async () => {
    let validationServed = false;
    await mockAdapter(
      http.get('/src/smartbill/shared/schema.ts', async () => {
        await delay(400);
        validationServed = true;
        return passthrough();
      }),
    );
    const opened: string[] = [];
    window.open = ((_url: string, name: string) => (opened.push(name), null)) as typeof window.open;
    const el = document.createElement('smartbill-signup-form') as SmartbillSignupForm;
    el.adapter = '/adapter';
    el.prefill = FULL;
    document.body.append(el);
    await new Promise((r) => requestAnimationFrame(r));
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'smartbill-signup-error');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect(validationServed, 'the tap came before the validation chunk').to.equal(false);
    expect(opened, 'asked inside the tap').to.deep.equal(['smartbill-signup']);
    const { detail } = await failed;
    await el.updateComplete;
    expect([detail.code, detail.message]).to.deep.equal(['popup_blocked', errorsKo.popup_blocked]);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim()).to.equal(errorsKo.popup_blocked);

    const again = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'smartbill-signup-error');
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === signupMessages.ko.retry_popup)!;
    retry.click();
    expect((await again).detail.message).to.equal(errorsKo.popup_blocked);
    expect(opened).to.have.length(2);
    el.remove();
  });
});
