import type { CertifyResult } from '../../src/iamport/shared/schema.ts';

/** The adapter's answer to a verified certification, for the Iamport element tests. */
export const verified = (body: { imp_uid: string; merchant_uid: string }): CertifyResult => ({
  imp_uid: body.imp_uid,
  merchant_uid: body.merchant_uid,
  certified_at: 1760000000,
  name: '홍길동',
  gender: 'male',
  birthday: '1990-01-01',
  foreigner: false,
  phone_masked: '010-****-5678',
  carrier: 'SKT',
  pg_provider: 'danal',
});
