import type { IamportConfig } from './config-schema.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { CertifyResult } from '../shared/schema.ts';
import type { Certification } from './upstream-schema.ts';

/** Refuses a certification that must not count, for the reasons the browser cannot be trusted with. */
export function checkCertification(cert: Certification, expectedMerchantUid: string, config: IamportConfig, now: number): void {
  if (cert.certified !== true) {
    throw new ApiError(422, 'iamport_not_certified', 'this certification was not completed');
  }
  if (cert.merchant_uid !== expectedMerchantUid) {
    throw new ApiError(422, 'iamport_merchant_uid_mismatch', 'this certification belongs to another merchant_uid');
  }
  if (config.minAge !== undefined) {
    const age = ageOn(cert.birthday, now);
    if (age === undefined || age < config.minAge) {
      throw new ApiError(403, 'iamport_under_min_age', `the person must be at least ${config.minAge} years old`);
    }
  }
}

/** Full years on `now` for a `YYYY-MM-DD` birthday (Korean law counts 만 나이). */
export function ageOn(birthday: string | null | undefined, now: number): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthday ?? '');
  if (!m) return undefined;
  const today = new Date(now + 9 * 3600_000); // KST
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age -= 1;
  return age;
}

/** 01012345678 → 010-****-5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length < 10) return null;
  return `${digits.slice(0, 3)}-****-${digits.slice(-4)}`;
}

/** The browser's view of a verified person: no CI/DI, no full phone number. */
export function toResult(cert: Certification): CertifyResult {
  return {
    imp_uid: cert.imp_uid,
    merchant_uid: cert.merchant_uid ?? '',
    certified_at: cert.certified_at,
    name: cert.name ?? null,
    gender: cert.gender === 'male' || cert.gender === 'female' ? cert.gender : null,
    birthday: cert.birthday ?? null,
    foreigner: cert.foreigner_v2 ?? cert.foreigner ?? null,
    phone_masked: maskPhone(cert.phone),
    carrier: cert.carrier ?? null,
    pg_provider: cert.pg_provider ?? null,
  };
}
