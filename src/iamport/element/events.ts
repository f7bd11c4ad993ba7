import { eventInit, type ErpErrorEvent } from '../../core/element/events.ts';
import type { CertifyResult } from '../shared/schema.ts';

/** Fired when the adapter has verified the person; `detail` is the adapter's answer (no CI/DI). */
export class IamportCertifySuccessEvent extends CustomEvent<CertifyResult> {
  constructor(detail: CertifyResult) {
    super('iamport-certify-success', eventInit(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'iamport-certify-success': IamportCertifySuccessEvent;
    'iamport-certify-error': ErpErrorEvent<'iamport-certify-error'>;
  }
}
