/** Entry `erp-widgets`: registers every element. */
export * from './benecafe/benecafe-gate.ts';
export * from './ecount/ecount-connect.ts';
export * from './iamport/iamport-certify-button.ts';
export * from './smartbill/smartbill-signup-form.ts';
export * from './smartbill/smartbill-invoice-list.ts';
export { ErpError, ErpError as AdapterError } from './core/erp-error.ts';
export { registerMessages } from './core/i18n.ts';
export type { TokenProvider } from './core/erp-element.ts';
export type { ErpErrorDetail, ErpErrorEvent } from './core/events.ts';
