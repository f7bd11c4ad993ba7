import type { Hono } from 'hono';
import { ApiError } from '../../core/server/errors.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import { sessionByRefDoc } from './route-docs.ts';
import type { GateSessions } from './session-store.ts';

/** Gate session refs: `bs_` + 24 random bytes, base64url. */
const REF = /^bs_[A-Za-z0-9_-]{24}$/;

/**
 * `GET /server/benecafe/sessions/:ref` (server key): the member behind a gate
 * session, for the partner mall's backend. The page's session answer (and the
 * `benecafe.member.entered` webhook) carry only the opaque ref; who the member
 * is comes from here, server to server.
 */
export function mountBenecafeServerRoutes(server: Hono, sessions: () => GateSessions): void {
  server.get('/benecafe/sessions/:ref', describeRoute(sessionByRefDoc), async (c) => {
    const store = sessions();
    const ref = c.req.param('ref');
    if (!REF.test(ref)) throw new ApiError(400, 'invalid_request', 'ref: not a gate session ref');
    const found = await store.byRef(ref);
    if (!found)
      throw new ApiError(404, 'not_found', 'no live gate session with this ref (it expired, or the member left or entered again)');
    return c.json(found);
  });
}
