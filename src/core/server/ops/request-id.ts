import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { requestScope } from '../request-scope.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What an id from a proxy may look like: nginx's $request_id, a UUID, a trace id; nothing that could break a log line. */
const ACCEPTED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Gives each request an id: the trusted proxy's `X-Request-Id` (only when the
 * peer is one of `trustedProxies`: anyone else could plant an id that points an
 * operator at someone else's log lines), or a new UUID. It is sent back on the
 * answer, and every log line and error body written meanwhile carries it.
 */
export function requestIds(fromTrustedProxy: (c: Context) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header(REQUEST_ID_HEADER);
    const id = given && ACCEPTED.test(given) && fromTrustedProxy(c) ? given : randomUUID();
    c.header(REQUEST_ID_HEADER, id);
    await requestScope.run({ requestId: id }, next);
    // A handler that returned its own Response object bypassed the prepared header.
    if (!c.res.headers.has(REQUEST_ID_HEADER)) {
      try {
        c.res.headers.set(REQUEST_ID_HEADER, id);
      } catch {
        c.header(REQUEST_ID_HEADER, id);
      }
    }
  };
}
