import { expect } from '@open-wc/testing';
import { delay, http, passthrough } from 'msw';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { signupMessages } from '../../src/smartbill/element/signup-form.messages.ts';
import { mockAdapter, waitUntil } from '../helpers/browser.ts';

// Its own page (wtr runs each file in one): nothing has loaded the validation chunk yet.
const SCHEMA = '/src/smartbill/shared/schema.ts';
let requested = false;
const schemaRequested = () => requested || performance.getEntriesByType('resource').some((r) => new URL(r.name).pathname === SCHEMA);

describe('<smartbill-signup-form> validation chunk', () => {
  const realOpen = window.open;
  afterEach(() => (window.open = realOpen));

  it('loads when the form connects; a submit before it arrived opens the window in the tap, validates, and closes it for an invalid form', async () => {
    // The chunk arrives 400 ms late, as on a slow phone network.
    await mockAdapter(
      http.get(SCHEMA, async () => {
        requested = true;
        await delay(400);
        return passthrough();
      }),
    );
    const opened: { name: string; closed: boolean }[] = [];
    window.open = ((_url: string, name: string) => {
      const w = { name, closed: false, close: () => (w.closed = true) };
      opened.push(w);
      return w;
    }) as unknown as typeof window.open;
    expect(schemaRequested()).to.equal(false);
    const el = document.createElement('smartbill-signup-form') as SmartbillSignupForm;
    el.adapter = '/adapter';
    el.prefill = { pComRegNo: '1208147521', pZipCode: '12' };
    document.body.append(el);
    await new Promise((r) => requestAnimationFrame(r)); // rendered, the chunk on its way (not awaited: updateComplete would)
    expect(el.shadowRoot!.querySelectorAll('input, select')).to.have.length(15);
    await waitUntil(schemaRequested, 'requested on connect');

    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    // Inside the tap, before the chunk: the named window is already open.
    expect(opened.map((w) => w.name)).to.deep.equal(['smartbill-signup']);
    await el.updateComplete;
    expect(opened[0]!.closed, 'an invalid form closes the window it opened early').to.equal(true);
    expect(el.shadowRoot!.querySelector('#pZipCode')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#pZipCode-msg')!.textContent!.trim()).to.equal(signupMessages.ko.zip);
    expect(el.shadowRoot!.activeElement?.id).to.equal('pComName');
    el.remove();
  });
});
