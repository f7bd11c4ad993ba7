import { eventInit, type ErpErrorEvent } from '../../core/element/events.ts';
import type { Invoice } from '../shared/invoice-model.ts';

export interface SmartbillInvoiceSelectDetail {
  issueId: string;
  invoice: Invoice;
}

/** A row was opened: its original (XML + XSL) is being shown. */
export class SmartbillInvoiceSelectEvent extends CustomEvent<SmartbillInvoiceSelectDetail> {
  constructor(detail: SmartbillInvoiceSelectDetail) {
    super('smartbill-invoice-select', eventInit(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smartbill-invoice-select': SmartbillInvoiceSelectEvent;
    'smartbill-invoice-error': ErpErrorEvent<'smartbill-invoice-error'>;
  }
}
