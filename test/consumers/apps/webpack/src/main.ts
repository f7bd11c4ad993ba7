// One entry per element, as an app that needs only some would import them.
import 'erp-widgets/benecafe-gate';
import 'erp-widgets/ecount-connect';
import 'erp-widgets/iamport-certify-button';
import 'erp-widgets/smartbill-invoice-list';
import 'erp-widgets/smartbill-signup-form';
import { tokenProvider } from './token';

const button = document.querySelector('iamport-certify-button')!;
button.tokenProvider = tokenProvider;
button.addEventListener('iamport-certify-success', (e) => {
  document.querySelector('#result')!.textContent = e.detail.name;
});
button.addEventListener('iamport-certify-error', (e) => {
  document.querySelector('#error')!.textContent = e.detail.code;
});
