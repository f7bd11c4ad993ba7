import { eventInit, type ErpErrorEvent } from '../../core/element/events.ts';
import type { GateSession } from '../shared/schema.ts';

/** Fired when the gate session is read; `detail` is the session without secrets (no OTP token). */
export class BenecafeGateReadyEvent extends CustomEvent<GateSession> {
  constructor(detail: GateSession) {
    super('benecafe-gate-ready', eventInit(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'benecafe-gate-ready': BenecafeGateReadyEvent;
    'benecafe-gate-error': ErpErrorEvent<'benecafe-gate-error'>;
  }
}
