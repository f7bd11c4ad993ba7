/**
 * Entry `erp-widgets/classes`: the element classes and their event classes, defining no tag,
 * for an app that registers them under its own names or in a scoped registry.
 */
export { BenecafeGate } from './benecafe/element/gate-element.ts';
export { EcountConnect } from './ecount/element/connect-element.ts';
export { IamportCertifyButton } from './iamport/element/certify-button.ts';
export { SmartbillSignupForm } from './smartbill/element/signup-form.ts';
export { SmartbillInvoiceList } from './smartbill/element/invoice-list.ts';
export { BenecafeGateReadyEvent } from './benecafe/element/events.ts';
export { EcountConnectStatusEvent } from './ecount/element/events.ts';
export { IamportCertifySuccessEvent } from './iamport/element/events.ts';
export { SmartbillSignupCompleteEvent, SmartbillSignupSubmitEvent } from './smartbill/element/events.ts';
export { SmartbillInvoiceSelectEvent } from './smartbill/element/invoice-events.ts';
export { ErpError } from './core/element/erp-error.ts';
export { ErpErrorEvent } from './core/element/events.ts';
export { registerMessages } from './core/element/i18n.ts';
export type { TokenProvider } from './core/element/erp-element.ts';
export type { ErpErrorDetail } from './core/element/events.ts';
