import { expect, fixture, html } from '@open-wc/testing';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { mockAdapter } from '../helpers/browser.ts';

// Its own page (wtr runs each file in one): nothing has loaded the validation chunk yet.
const schemaRequested = () => performance.getEntriesByType('resource').some((r) => r.name.includes('/src/smartbill/shared/schema.ts'));

describe('<smartbill-signup-form> validation chunk', () => {
  it('is not loaded to render the form, and a submit before any focus still validates (then focuses the first bad field)', async () => {
    await mockAdapter();
    const el = await fixture<SmartbillSignupForm>(
      html`<smartbill-signup-form adapter="/adapter" .prefill=${{ pComRegNo: '1208147521', pZipCode: '12' }}></smartbill-signup-form>`,
    );
    expect(el.shadowRoot!.querySelectorAll('input, select')).to.have.length(15);
    expect(schemaRequested()).to.equal(false);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await el.updateComplete;
    expect(schemaRequested()).to.equal(true);
    expect(el.shadowRoot!.querySelector('#pZipCode')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#pZipCode-msg')!.textContent!.trim()).to.equal(signupMessages.ko.zip);
    expect(el.shadowRoot!.activeElement?.id).to.equal('pComName');
  });
});
