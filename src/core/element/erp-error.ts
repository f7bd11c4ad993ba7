/** For the page's developer, never shown to the person: what went wrong and the fix, plus fields that name it. */
export interface ErpErrorOptions {
  cause?: unknown;
  /** Logged to the console and put in the error event's detail as `hint` (English). */
  hint?: string;
  /** Extra fields for the error event's detail (e.g. `{ attribute: 'env', value, adapterValue }`). */
  data?: Record<string, string>;
}

/**
 * The one error type of every element: a stable `code` (the adapter's own, or
 * `network_error`, `timeout`, `invalid_response`, `missing_adapter`, …) that
 * the element translates, shows and puts in its `…-error` event.
 */
export class ErpError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly hint: string | undefined;
  readonly data: Record<string, string> | undefined;
  constructor(code: string, message: string = code, status?: number, options: ErpErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ErpError';
    this.code = code;
    this.status = status;
    this.hint = options.hint;
    this.data = options.data;
  }
}
