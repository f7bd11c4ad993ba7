import { type Guard, isBoolean, isNumber, isString, nullable, oneOf, shape } from '../../core/element/guards.ts';
import type { EcountStatus } from '../shared/status.ts';

const isCounts: Guard<Record<string, number>> = (v): v is Record<string, number> =>
  typeof v === 'object' && v !== null && Object.keys(v).every((k) => isNumber((v as Record<string, unknown>)[k]));

/** The element's check of `GET /ecount/status` (the adapter builds it from `EcountStatus`). */
export const isEcountStatus = shape<EcountStatus>({
  connected: isBoolean,
  environment: oneOf('test', 'production'),
  company: isString,
  zone: nullable(isString),
  loggedInAt: nullable(isString),
  sessionAgeSeconds: nullable(isNumber),
  expireDate: nullable(isString),
  notice: nullable(isString),
  blocked: isBoolean,
  failures: isNumber,
  backoffUntil: nullable(isString),
  lastError: nullable(
    shape<NonNullable<EcountStatus['lastError']>>({
      code: isString,
      ecountCode: nullable(isNumber),
      at: isString,
      message: shape<{ ko: string; en: string }>({ ko: isString, en: isString }),
    }),
  ),
  limits: shape<EcountStatus['limits']>({ daily: isNumber, login: isNumber, apis: isCounts }),
});
