/** Entry `erp-widgets`: registers every element. */
export * from './benecafe/benecafe-gate.ts';
export * from './iamport/iamport-certify-button.ts';
export * from './smartbill/smartbill-signup-form.ts';
export { AdapterError } from './core/adapter-client.ts';
export type { ErpErrorDetail, ErpErrorEvent } from './core/events.ts';
