// Every entry of both packages, used the way an app would; the @ts-expect-error lines prove the
// types are real (they fail if a detail or a property became `any`).
import {
  ErpError,
  IamportCertifyButton,
  registerMessages,
  type CertifyResult,
  type EcountStatus,
  type ErpErrorDetail,
  type GateSession,
  type SmartbillInvoiceSelectDetail,
  type SmartbillSignupCompleteDetail,
  type SmartbillSignupSubmitDetail,
  type TokenProvider,
} from 'erp-widgets';
import * as classes from 'erp-widgets/classes';
import { BenecafeGate } from 'erp-widgets/benecafe-gate';
import { EcountConnect } from 'erp-widgets/ecount-connect';
import { IamportCertifySuccessEvent } from 'erp-widgets/iamport-certify-button';
import { SmartbillInvoiceList } from 'erp-widgets/smartbill-invoice-list';
import { SmartbillSignupForm } from 'erp-widgets/smartbill-signup-form';

const tokenProvider: TokenProvider = async () => 'page-token';
const button = document.createElement('iamport-certify-button');
button.tokenProvider = tokenProvider;
button.merchantCode = 'imp00000000';
// @ts-expect-error tokenProvider is a function, not a string
button.tokenProvider = 'page-token';
button.addEventListener('iamport-certify-success', (e) => {
  const result: CertifyResult = e.detail;
  const event: IamportCertifySuccessEvent = e;
  console.log(result.imp_uid, event.type);
  // @ts-expect-error no such field
  console.log(e.detail.unique_key);
});
button.addEventListener('iamport-certify-error', (e) => {
  const detail: ErpErrorDetail = e.detail;
  console.log(detail.code, detail.message);
});
document.querySelector('benecafe-gate')?.addEventListener('benecafe-gate-ready', (e) => console.log(e.detail satisfies GateSession));
document.querySelector('ecount-connect')?.addEventListener('ecount-connect-status', (e) => console.log(e.detail satisfies EcountStatus));
document
  .querySelector('smartbill-invoice-list')
  ?.addEventListener('smartbill-invoice-select', (e) => console.log(e.detail satisfies SmartbillInvoiceSelectDetail));
const form = document.querySelector('smartbill-signup-form');
form?.addEventListener('smartbill-signup-submit', (e) => console.log(e.detail satisfies SmartbillSignupSubmitDetail));
form?.addEventListener('smartbill-signup-complete', (e) => console.log(e.detail satisfies SmartbillSignupCompleteDetail));

const elements: (typeof HTMLElement)[] = [
  IamportCertifyButton,
  BenecafeGate,
  EcountConnect,
  SmartbillInvoiceList,
  SmartbillSignupForm,
  classes.IamportCertifyButton,
];
registerMessages('ja', {});
console.log(elements.length, new ErpError('x', 'y') instanceof Error);
