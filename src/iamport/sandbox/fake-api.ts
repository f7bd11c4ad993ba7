import { randomBytes, randomInt } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { Certification } from '../server/upstream-schema.ts';

/** Credentials the fake accepts; the sandbox adapter is configured with them. */
export const SANDBOX_IAMPORT = {
  impKey: 'sandbox_imp_key_4410',
  impSecret: 'sandbox-imp-secret-9f2c71d0b8a34e6f8c1d2e3f4a5b6c7d',
  merchantCode: 'imp00000000',
} as const;

export const IAMPORT_API = 'https://api.iamport.kr';
const TOKEN_LIFETIME_S = 30 * 60;
const EXTEND_WHEN_UNDER_S = 60;
const EXTENSION_S = 5 * 60;

export interface IamportFakeOptions {
  base?: string;
  now?: () => number;
  impKey?: string;
  impSecret?: string;
}

/**
 * A fake of Iamport's REST V1 API (msw handlers) that keeps Iamport's rules:
 * the `{code, message, response}` envelope, 30-minute tokens returned again
 * while valid and extended by 5 minutes in their last minute, 401 for a bad or
 * expired token (or any Authorization but `Bearer <token>`), 404 with `code: -1` for an unknown imp_uid.
 */
export function createIamportFake(options: IamportFakeOptions = {}) {
  const base = options.base ?? IAMPORT_API;
  const now = options.now ?? Date.now;
  const impKey = options.impKey ?? SANDBOX_IAMPORT.impKey;
  const impSecret = options.impSecret ?? SANDBOX_IAMPORT.impSecret;
  const certifications = new Map<string, Certification>();
  let current: { token: string; expiredAt: number } | undefined;
  const nowS = () => Math.floor(now() / 1000);
  const calls = { getToken: 0, certification: 0 };

  const unauthorized = () => HttpResponse.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 });

  const handlers = [
    http.post(`${base}/users/getToken`, async ({ request }) => {
      calls.getToken += 1;
      const body = (await request.json().catch(() => null)) as { imp_key?: string; imp_secret?: string } | null;
      if (!body?.imp_key || !body.imp_secret) {
        return HttpResponse.json({ code: -1, message: 'imp_key, imp_secret 파라미터가 누락되었습니다.', response: null }, { status: 401 });
      }
      if (body.imp_key !== impKey || body.imp_secret !== impSecret) {
        return HttpResponse.json({ code: -1, message: '등록되지 않은 API Key 입니다.', response: null }, { status: 401 });
      }
      const t = nowS();
      if (!current || current.expiredAt <= t) {
        current = { token: randomBytes(20).toString('hex'), expiredAt: t + TOKEN_LIFETIME_S };
      } else if (current.expiredAt - t < EXTEND_WHEN_UNDER_S) {
        current.expiredAt += EXTENSION_S;
      }
      return HttpResponse.json({
        code: 0,
        message: null,
        response: { access_token: current.token, expired_at: current.expiredAt, now: t },
      });
    }),
    http.get(`${base}/certifications/:impUid`, ({ request, params }) => {
      calls.certification += 1;
      // Exactly the form Iamport's REST reference documents (`Authorization: Bearer <access_token>`). Seed 004's sample
      // sends the bare token; the fake refuses it, so an adapter that dropped `Bearer ` would fail the tests.
      const token = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      if (!current || token !== current.token || current.expiredAt <= nowS()) return unauthorized();
      const cert = certifications.get(String(params.impUid));
      if (!cert) return HttpResponse.json({ code: -1, message: '인증결과가 존재하지 않습니다.', response: null }, { status: 404 });
      return HttpResponse.json({ code: 0, message: null, response: cert });
    }),
  ];

  return {
    handlers,
    calls,
    /** Records a certification as Iamport would after the popup; returns it. */
    addCertification(input: Partial<Certification> & { merchant_uid: string }): Certification {
      const imp_uid = input.imp_uid ?? `imp_${String(randomInt(1e11, 1e12 - 1)).padStart(12, '0')}`;
      const cert: Certification = {
        imp_uid,
        pg_tid: `sandbox_${imp_uid}`,
        pg_provider: 'danal',
        name: '홍길동',
        gender: 'male',
        birthday: '1990-01-01',
        birth: 631152000,
        foreigner: false,
        foreigner_v2: false,
        phone: '01012345678',
        carrier: 'SKT',
        certified: true,
        certified_at: nowS(),
        unique_key: randomBytes(48).toString('base64'),
        unique_in_site: randomBytes(32).toString('base64'),
        origin: null,
        ...input,
      };
      certifications.set(imp_uid, cert);
      return cert;
    },
    /** Invalidate the current token, as an expiry or revocation on Iamport's side would. */
    revokeToken() {
      current = undefined;
    },
  };
}

export type IamportFake = ReturnType<typeof createIamportFake>;
