import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import type { Operation } from '../../core/server/openapi/operation.ts';
import { epochMs } from '../../core/server/openapi/schemas.ts';
import { gateSessionSchema } from '../shared/schema.ts';
import type { GateSessions } from './session-store.ts';

/** Gate session refs: `bs_` + 24 random bytes, base64url. */
const REF = /^bs_[A-Za-z0-9_-]{24}$/;

/**
 * `GET /server/benecafe/sessions/:ref` (server key): the member behind a gate
 * session, for the partner mall's backend. The page's session answer (and the
 * `benecafe.member.entered` webhook) carry only the opaque ref; who the member
 * is comes from here, server to server.
 */
export function mountBenecafeServerRoutes(server: Hono, operation: Operation, sessions: GateSessions): void {
  const doc = {
    summary: "The member behind a gate session, for the partner mall's backend",
    description:
      'The `ref` comes from the session answer the page got (`benecafe-gate-ready` detail) or from the `benecafe.member.entered` webhook. ' +
      "`member` is Benecafe's record minus anything token-like. 404 once the session expired, the member left or entered again.",
    auth: 'serverKey',
    params: { ref: z.string().check(z.regex(REF, 'not a gate session ref')) },
    responses: {
      200: {
        description: "The session as the page sees it, and Benecafe's member record (no OTP token)",
        body: {
          name: 'GateSessionMember',
          schema: z.object({
            ref: z.string(),
            session: gateSessionSchema,
            member: z.record(z.string(), z.unknown()),
            enteredAt: epochMs(),
          }),
        },
      },
    },
    errors: { invalid_request: 400, not_found: 404 },
  } as const;
  server.get(
    '/benecafe/sessions/:ref',
    ...operation(doc, async (c, { params: { ref } }) => {
      const found = await sessions.byRef(ref);
      if (!found)
        throw new ApiError(404, 'not_found', 'no live gate session with this ref (it expired, or the member left or entered again)');
      return c.json(found);
    }),
  );
}
