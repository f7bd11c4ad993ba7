import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/benecafe/element/benecafe-gate.ts';
import type { BenecafeGate } from '../../src/benecafe/element/gate-element.ts';
import { mockAdapter, nextEvent, waitUntil } from '../helpers/browser.ts';

const ROUTE = '/adapter/benecafe/session';
const MALL = 'https://www.benecafe.co.kr/mall';
const session = {
  ref: 'bs_AAAAAAAAAAAAAAAAAAAAAAAA',
  name: '김복지',
  memberKey: 'J01A00038745',
  companyKey: 'C0001',
  pointName: '복지포인트',
  pointNameCode: 'P001',
  receipt: false,
  popupUrl: 'https://www.benecafe.co.kr/point/popup',
  landing: { kind: 'main', url: 'https://shop.example/main' },
  expiresAt: 1_900_000_000_000,
};
const q = (el: BenecafeGate, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

describe('<benecafe-gate>: logout', () => {
  const realOpen = window.open;
  afterEach(() => {
    window.open = realOpen;
  });

  it('logout is the secondary action, clears a popup-blocked error, and moves focus to the no-session text', async () => {
    window.open = (() => null) as typeof window.open; // the point-balance popup is blocked
    await mockAdapter(
      http.get(ROUTE, () => HttpResponse.json({ session, mallUrl: MALL })),
      http.delete(ROUTE, () => HttpResponse.json({ session: null, reason: 'none', mallUrl: MALL })),
    );
    const el = await fixture<BenecafeGate>(html`<benecafe-gate adapter="/adapter" lang="ko"></benecafe-gate>`);
    await waitUntil(() => q(el, '[part=points]'), 'points button');
    const blocked = nextEvent(el, 'benecafe-gate-error');
    q(el, '[part=points]')!.click();
    await blocked;
    await el.updateComplete;
    expect(q(el, '[role=alert]')).to.not.equal(null);

    const logout = q(el, '[part=logout]')!;
    expect(logout.classList.contains('secondary')).to.equal(true);
    expect(q(el, '[part=points]')!.classList.contains('secondary')).to.equal(false);
    logout.focus();
    logout.click();
    await waitUntil(() => q(el, '[part=notice]'), 'no-session state');
    expect(q(el, '[role=alert]')).to.equal(null);
    await waitUntil(() => el.shadowRoot!.activeElement === q(el, '[part=notice]'), 'focus on the notice');
    await expect(el).to.be.accessible();
  });
});
