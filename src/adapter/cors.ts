import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

/**
 * CORS for browser-facing routes: only configured origins (and the adapter's
 * own origin) may call them. Requests without an Origin header come from
 * servers, not pages, and pass. Provider-facing routes don't use this.
 */
export function corsAllowList(allowed: readonly string[]): MiddlewareHandler {
  const list = new Set(allowed);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin) {
      const own = new URL(c.req.url).origin;
      if (origin !== own && !list.has(origin)) {
        throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not allowed to call this adapter`);
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Credentials', 'true');
      c.header('Vary', 'Origin', { append: true });
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization');
        c.header('Access-Control-Max-Age', '600');
        return c.body(null, 204);
      }
    }
    await next();
  };
}
