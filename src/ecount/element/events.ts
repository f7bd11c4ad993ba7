import { type ErpErrorEvent, eventInit } from '../../core/element/events.ts';
import type { EcountStatus } from '../shared/status.ts';

/** Fired whenever the element has read the adapter's Ecount status (after load and after connect/test). */
export class EcountConnectStatusEvent extends CustomEvent<EcountStatus> {
  constructor(detail: EcountStatus) {
    super('ecount-connect-status', eventInit(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ecount-connect-status': EcountConnectStatusEvent;
    'ecount-connect-error': ErpErrorEvent<'ecount-connect-error'>;
  }
}
