import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { currentRequestId } from './request-scope.ts';

/**
 * Stable error codes of the adapter's HTTP API. Clients switch on `code`; the
 * message is for people and may change. Providers add their own codes with a
 * provider prefix (e.g. `iamport_…`).
 */
export type CoreErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'origin_not_allowed'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_configured'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'store_unavailable'
  | 'adapter_closing'
  | 'internal_error';

/** An error that becomes `{ error: { code, message } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: CoreErrorCode | (string & {}),
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/**
 * What an in-flight provider call fails with when the adapter closes (its fetch is aborted). Passed through as it
 * is by the upstream helpers, and never left as a lease outcome: the lease is released for another instance.
 */
export class AdapterClosingError extends ApiError {
  constructor() {
    super(503, 'adapter_closing', 'the adapter is shutting down; try again');
    this.name = 'AdapterClosingError';
  }
}

/** The error envelope; inside a request it names the request (`requestId`, also the X-Request-Id header) for support. */
export function errorBody(code: string, message: string): { error: { code: string; message: string; requestId?: string } } {
  const requestId = currentRequestId();
  return { error: requestId ? { code, message, requestId } : { code, message } };
}
