import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const malformed = () =>
  new ApiError(
    400,
    'invalid_request',
    'the URL has a malformed percent-escape (a % not followed by two hex digits, or bytes that are not UTF-8)',
  );

/** decodeURIComponent that answers 400 instead of throwing URIError (a 500) on a malformed escape. */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw malformed();
  }
}

/**
 * First on every route: a path or query with a malformed percent-escape (`%`, `%ZZ`, `%E0%A4%A`, `%C0%AF`)
 * is refused with 400 before any route or middleware decodes it, so no later decode of the URL can throw.
 */
export function refuseMalformedUrl(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const pathAndQuery = url.slice(url.indexOf('/', url.indexOf('//') + 2)).split('#')[0]!;
    if (pathAndQuery.includes('%')) decodeUrlPart(pathAndQuery);
    await next();
  };
}
