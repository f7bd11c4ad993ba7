import { isBoolean, isNumber, isString, nullable, shape } from '../../core/element/guards.ts';
import type { CertifyResult } from '../shared/schema.ts';

/** The element's check of `POST /iamport/certifications`' answer (the adapter's tests hold it to `certifyResultSchema`). */
export const isCertifyResult = shape<CertifyResult>({
  imp_uid: isString,
  merchant_uid: isString,
  certified_at: isNumber,
  name: nullable(isString),
  gender: nullable(isString),
  birthday: nullable(isString),
  foreigner: nullable(isBoolean),
  phone_masked: nullable(isString),
  carrier: nullable(isString),
  pg_provider: nullable(isString),
});

/** `POST /iamport/v2/identity-verifications`'s answer. */
export const isPortoneIssued = shape<{ identityVerificationId: string; storeId: string }>({
  identityVerificationId: isString,
  storeId: isString,
});
