import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and error body of one request carries. */
interface RequestScope {
  requestId: string;
}

/** Set by the request-id middleware around the rest of the request (ops/request-id.ts). */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The id of the request this code runs for, if any (the delivery loop and start-up run for none). */
export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;
