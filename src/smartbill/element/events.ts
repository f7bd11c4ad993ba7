import { eventInit, type ErpErrorEvent } from '../../core/element/events.ts';
import type { SignupForm } from '../shared/schema.ts';

export interface SmartbillSignupSubmitDetail {
  /** The attempt the adapter registered. */
  id: string;
  /** The model values sent to SmartBill (business number digits only). */
  form: SignupForm;
}

/** SmartBill's callback landed; never carries AUTH_TOKEN/AUTH_CODE. */
export interface SmartbillSignupCompleteDetail {
  SBID: string | null;
  regYn: string | null;
  COM_REGNO: string;
  pID: string;
}

/** The adapter registered the attempt and the form is being posted to SmartBill. */
export class SmartbillSignupSubmitEvent extends CustomEvent<SmartbillSignupSubmitDetail> {
  constructor(detail: SmartbillSignupSubmitDetail) {
    super('smartbill-signup-submit', eventInit(detail));
  }
}

export class SmartbillSignupCompleteEvent extends CustomEvent<SmartbillSignupCompleteDetail> {
  constructor(detail: SmartbillSignupCompleteDetail) {
    super('smartbill-signup-complete', eventInit(detail));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smartbill-signup-submit': SmartbillSignupSubmitEvent;
    'smartbill-signup-complete': SmartbillSignupCompleteEvent;
    'smartbill-signup-error': ErpErrorEvent<'smartbill-signup-error'>;
  }
}
