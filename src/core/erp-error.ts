/**
 * The one error type of every element: a stable `code` (the adapter's own, or
 * `network_error`, `timeout`, `invalid_response`, `missing_adapter`, …) that
 * the element translates, shows and puts in its `…-error` event.
 */
export class ErpError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ErpError';
  }
}
