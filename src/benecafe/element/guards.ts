import { isBoolean, isNumber, isString, nullable, oneOf, optional, shape } from '../../core/element/guards.ts';
import type { GateSession, SessionResponse } from '../shared/schema.ts';

/** The element's check of `GET /benecafe/session` (the adapter's tests hold it to `sessionResponseSchema`). */
const isGateSession = shape<GateSession>({
  ref: isString,
  name: isString,
  memberKey: isString,
  companyKey: isString,
  pointName: isString,
  pointNameCode: isString,
  receipt: isBoolean,
  popupUrl: nullable(isString),
  landing: shape<GateSession['landing']>({ kind: oneOf('main', 'direct', 'baro'), url: isString, item: optional(isString) }),
  expiresAt: isNumber,
});

export const isSessionResponse = shape<SessionResponse>({
  session: nullable(isGateSession),
  reason: optional(oneOf('none', 'expired')),
  mallUrl: nullable(isString),
});
