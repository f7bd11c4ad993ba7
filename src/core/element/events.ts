/**
 * Detail of every `…-error` event: a stable code and a message for people; for the page's developer, sometimes a
 * `hint` (what to fix, in English; also logged to the console) and fields that name the cause.
 */
export interface ErpErrorDetail {
  code: string;
  message: string;
  hint?: string;
  [field: string]: string | undefined;
}

/** Events bubble and cross shadow roots so an ERP page can listen on `document`. */
export function eventInit<T>(detail: T): CustomEventInit<T> {
  return { detail, bubbles: true, composed: true };
}

/** The error event of any element, named after its provider (`iamport-certify-error`, …). */
export class ErpErrorEvent<N extends string = string> extends CustomEvent<ErpErrorDetail> {
  constructor(type: N, detail: ErpErrorDetail) {
    super(type, eventInit(detail));
  }
}
