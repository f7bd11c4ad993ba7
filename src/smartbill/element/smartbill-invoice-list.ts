/** Entry `erp-widgets/smartbill-invoice-list`: defines the tag (the class alone is in ./invoice-list.ts). */
import { SmartbillInvoiceList } from './invoice-list.ts';

export { SmartbillInvoiceList };
export { SmartbillInvoiceSelectEvent } from './invoice-events.ts';
export type { SmartbillInvoiceSelectDetail } from './invoice-events.ts';
export type { DateKind, Invoice, InvoiceListResult, InvoiceTotals, SupBuyType } from '../shared/invoice-model.ts';

if (!customElements.get('smartbill-invoice-list')) customElements.define('smartbill-invoice-list', SmartbillInvoiceList);

declare global {
  interface HTMLElementTagNameMap {
    'smartbill-invoice-list': SmartbillInvoiceList;
  }
}
