/** Entry `erp-widgets`: registers every element. */
export * from './benecafe/element/benecafe-gate.ts';
export * from './ecount/element/ecount-connect.ts';
export * from './iamport/element/iamport-certify-button.ts';
export * from './smartbill/element/smartbill-signup-form.ts';
export * from './smartbill/element/smartbill-invoice-list.ts';
export { ErpError, ErpError as AdapterError } from './core/element/erp-error.ts';
export { registerMessages } from './core/element/i18n.ts';
export type { TokenProvider } from './core/element/erp-element.ts';
export type { ErpErrorDetail, ErpErrorEvent } from './core/element/events.ts';
