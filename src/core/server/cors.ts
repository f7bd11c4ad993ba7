import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';
import type { Logger } from './logger.ts';

/** How many refused origins are remembered so each is logged once, not on every request. */
const LOGGED_ORIGINS_MAX = 100;

/**
 * CORS for browser-facing routes: only configured origins (and the adapter's
 * own origin, from `publicUrl`; the sandbox may take it from the request) may
 * call them. Requests without an Origin header come from servers, not pages,
 * and pass. Provider-facing routes don't use this.
 *
 * A refused origin still gets CORS headers on its preflight and on the 403, so
 * the element can read `origin_not_allowed` (the body carries nothing else)
 * instead of reporting a network error; the route itself never runs.
 */
export function corsAllowList(allowed: readonly string[], options: { ownOrigin?: string; logger?: Logger } = {}): MiddlewareHandler {
  const list = new Set(allowed);
  const logged = new Set<string>();
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin) {
      // 'request': the sandbox only (there the Host header may name it).
      const own = options.ownOrigin === 'request' ? new URL(c.req.url).origin : options.ownOrigin;
      const ok = origin === own || list.has(origin);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Credentials', 'true');
      c.header('Vary', 'Origin', { append: true });
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization');
        if (ok) c.header('Access-Control-Max-Age', '600');
        return c.body(null, 204);
      }
      if (!ok) {
        if (!logged.has(origin) && logged.size < LOGGED_ORIGINS_MAX) {
          logged.add(origin);
          options.logger?.warn('origin not allowed (add it to allowedOrigins)', { origin: origin.slice(0, 200) });
        }
        throw new ApiError(403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not allowed to call this adapter`);
      }
    }
    await next();
  };
}
