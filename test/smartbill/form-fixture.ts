import { fixture, html } from '@open-wc/testing';
import '../../src/smartbill/element/smartbill-signup-form.ts';
import type { SmartbillSignupForm } from '../../src/smartbill/element/signup-form.ts';
import { mockAdapter } from '../helpers/browser.ts';

/** The one SmartBill signup fixture every form test shares: a valid form (the two optional phones left out). */
export const FULL = {
  pComRegNo: '1208147521',
  pComName: '주식회사 테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울 강남구',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user',
};

/** The adapter's answer to `POST /smartbill/signups`. */
export const created = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  token: 'tok_abcdefghijklmnopqrstu',
  env: 'production',
  site: 'https://www.smartbill.co.kr',
};

/** The adapter's answer to `GET /smartbill/signups/:id`. */
export const status = (s: 'pending' | 'completed') => ({
  id: created.id,
  status: s,
  COM_REGNO: '1208147521',
  pID: 'erp-user',
  SBID: s === 'completed' ? 'sb1' : null,
  regYn: s === 'completed' ? 'Y' : null,
});

/**
 * Loads the form's validation chunk (as the first focus on a page does) and starts msw, so tests
 * see what people see once they have touched the form: a submit validates and opens the popup
 * inside the click. signup-form-lazy.test.ts covers the submit before the chunk has loaded.
 */
export async function preloadValidation(this: Mocha.Context | void): Promise<void> {
  this?.timeout(30_000); // starting the service worker on a busy machine
  await mockAdapter();
  const el = await fixture<SmartbillSignupForm>(html`<smartbill-signup-form></smartbill-signup-form>`);
  el.shadowRoot!.querySelector<HTMLInputElement>('#pComName')!.focus();
  await el.updateComplete;
}
