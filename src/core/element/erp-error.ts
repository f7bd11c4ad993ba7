/**
 * The one error type of every element: a stable `code` (the adapter's own, or
 * `network_error`, `timeout`, `invalid_response`, `missing_adapter`, …) that
 * the element translates, shows and puts in its `…-error` event.
 */
export class ErpError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string = code, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ErpError';
    this.code = code;
    this.status = status;
  }
}
