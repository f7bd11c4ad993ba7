import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { bearerToken } from './bearer.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A browser sends Origin on cross-origin or non-GET requests and Sec-Fetch-* headers on every request. */
const fromBrowser = (headers: Headers) => {
  if (headers.has('origin')) return true;
  for (const name of headers.keys()) if (name.startsWith('sec-fetch-')) return true;
  return false;
};

/**
 * Guards `/server/…`, the API for the ERP's backend. A request carrying
 * `Origin` or any `Sec-Fetch-*` header comes from a page and is refused: a
 * server key must never be usable from one. Keys are compared in constant time, every key
 * every time (no early exit reveals which one nearly matched).
 */
export function serverKeyGuard(keys: readonly string[]): MiddlewareHandler {
  const expected = keys.map(digest);
  return async (c, next) => {
    if (fromBrowser(c.req.raw.headers)) {
      throw new ApiError(
        403,
        'browser_not_allowed',
        'the server API is for the ERP backend; a request with Origin or a Sec-Fetch-* header comes from a browser (Node: fetch() adds Sec-Fetch-Mode, use node:http or undici.request)',
      );
    }
    if (!expected.length) throw new ApiError(503, 'not_configured', 'no server keys are configured (config key "auth.serverKeys")');
    const given = bearerToken(c.req.header('authorization'));
    if (!given) throw new ApiError(401, 'server_key_missing', 'the server API needs Authorization: Bearer <server key>');
    const g = digest(given);
    let ok = false;
    for (const e of expected) ok = timingSafeEqual(e, g) || ok;
    if (!ok) throw new ApiError(401, 'server_key_invalid', 'this server key is not valid');
    await next();
  };
}
