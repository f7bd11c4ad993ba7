import { isString, nullable, shape } from '../../core/element/guards.ts';
import type { SignupCreated, SignupStatus } from '../shared/schema.ts';

/** The element's checks of the adapter's signup answers (the adapter's tests hold them to the zod schemas in schema.ts). */
export const isSignupCreated = shape<SignupCreated>({ id: isString, token: isString, env: isString, site: isString });

export const isSignupStatus = shape<SignupStatus>({
  id: isString,
  status: isString,
  COM_REGNO: isString,
  pID: isString,
  SBID: nullable(isString),
  regYn: nullable(isString),
});
