// Plain DOM: the tags and their events are typed through HTMLElementTagNameMap and GlobalEventHandlersEventMap.
import 'erp-widgets';
import { tokenProvider } from './token.ts';

const button = document.querySelector('iamport-certify-button')!;
button.tokenProvider = tokenProvider;
button.addEventListener('iamport-certify-success', (e) => {
  document.querySelector('#result')!.textContent = e.detail.name;
});
button.addEventListener('iamport-certify-error', (e) => {
  document.querySelector('#error')!.textContent = e.detail.code;
});
