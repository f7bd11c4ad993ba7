/** Entry `erp-widgets`: registers every element. */
export * from './iamport/iamport-certify-button.ts';
export { AdapterError } from './core/adapter-client.ts';
export type { ErpErrorDetail, ErpErrorEvent } from './core/events.ts';
