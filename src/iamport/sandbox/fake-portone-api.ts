import { randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';
// Type-only (erased at build): the fake's answers are checked against PortOne's own published types.
import type {
  FailedIdentityVerification,
  IdentityVerification,
  ReadyIdentityVerification,
  VerifiedIdentityVerification,
} from '@portone/server-sdk/identityVerification';

/** Credentials the V2 fake accepts; the sandbox adapter is configured with them. */
export const SANDBOX_PORTONE = {
  apiSecret: 'sandbox-portone-api-secret-6c1f0e2d9a8b4c7d',
  storeId: 'store-00000000-0000-0000-0000-000000000000',
  channelKey: 'channel-key-00000000-0000-0000-0000-000000000000',
} as const;

export const PORTONE_API = 'https://api.portone.io';

export interface PortoneFakeOptions {
  base?: string;
  now?: () => number;
  apiSecret?: string;
}

/** Which PG answered: what each returns differs (Danal always has CI and DI; KG Inicis never has DI). */
export type PortonePg = 'DANAL' | 'INICIS_UNIFIED';

export interface VerifiedInput {
  storeId: string;
  id: string;
  pg?: PortonePg;
  name?: string;
  phoneNumber?: string;
  birthDate?: string;
  gender?: 'MALE' | 'FEMALE';
  operator?: string;
}

/**
 * A fake of PortOne's REST V2 identity-verification read (msw handlers), keeping its rules:
 * `Authorization: PortOne <API secret>` and nothing else, `?storeId=` scoping (an id verified in
 * another store is not found), `{ type, message }` error bodies with PortOne's types and statuses.
 */
export function createPortoneFake(options: PortoneFakeOptions = {}) {
  const base = options.base ?? PORTONE_API;
  const now = options.now ?? Date.now;
  const apiSecret = options.apiSecret ?? SANDBOX_PORTONE.apiSecret;
  const verifications = new Map<string, IdentityVerification>();
  const key = (storeId: string, id: string) => `${storeId}\u0000${id}`;
  const calls = { get: 0 };
  const iso = () => new Date(now()).toISOString();
  const error = (status: number, type: string, message: string) => HttpResponse.json({ type, message }, { status });

  const handlers = [
    http.get(`${base}/identity-verifications/:id`, ({ request, params }) => {
      calls.get += 1;
      const auth = request.headers.get('authorization') ?? '';
      if (!auth) return error(401, 'UNAUTHORIZED', '인증 정보가 없습니다.');
      if (auth !== `PortOne ${apiSecret}`) return error(401, 'UNAUTHORIZED', '유효하지 않은 API Secret입니다.');
      const storeId = new URL(request.url).searchParams.get('storeId') ?? SANDBOX_PORTONE.storeId;
      const found = verifications.get(key(storeId, String(params.id)));
      if (!found) return error(404, 'IDENTITY_VERIFICATION_NOT_FOUND', '본인인증 건이 존재하지 않습니다.');
      return HttpResponse.json(found);
    }),
  ];

  const common = (id: string) => ({
    id,
    channel: {
      type: 'TEST' as const,
      id: 'channel-sandbox',
      key: SANDBOX_PORTONE.channelKey,
      name: 'sandbox',
      pgProvider: 'DANAL',
      pgMerchantId: 'A010002002',
    },
    requestedAt: iso(),
    updatedAt: iso(),
    statusChangedAt: iso(),
    version: 'V2' as const,
  });

  return {
    handlers,
    calls,
    /** A verification the popup completed. Danal answers CI and DI; KG Inicis answers no DI. */
    addVerified(input: VerifiedInput): VerifiedIdentityVerification {
      const pg = input.pg ?? 'DANAL';
      const c = common(input.id);
      const verified = {
        ...c,
        status: 'VERIFIED',
        channel: { ...c.channel, pgProvider: pg, name: pg === 'DANAL' ? 'danal-test' : 'inicis-test' },
        verifiedCustomer: {
          name: input.name ?? '홍길동',
          phoneNumber: input.phoneNumber ?? '01012345678',
          birthDate: input.birthDate ?? '1990-01-01',
          gender: input.gender ?? 'MALE',
          isForeigner: false,
          ...(input.operator || pg === 'DANAL' ? { operator: input.operator ?? 'SKT' } : {}),
          ci: randomBytes(48).toString('base64'),
          ...(pg === 'DANAL' ? { di: randomBytes(32).toString('base64') } : {}),
        },
        verifiedAt: iso(),
        pgTxId: `sandbox-${randomBytes(6).toString('hex')}`,
        pgRawResponse: '{}',
      } satisfies VerifiedIdentityVerification;
      verifications.set(key(input.storeId, input.id), verified);
      return verified;
    },
    /** A verification the person abandoned or the PG refused. */
    addFailed(input: { storeId: string; id: string; reason?: string; pgCode?: string; pgMessage?: string }): FailedIdentityVerification {
      const failed = {
        ...common(input.id),
        status: 'FAILED',
        requestedCustomer: {},
        failure: {
          reason: input.reason ?? '본인인증에 실패했습니다.',
          pgCode: input.pgCode ?? 'F1001',
          pgMessage: input.pgMessage ?? '인증번호 불일치',
        },
      } satisfies FailedIdentityVerification;
      verifications.set(key(input.storeId, input.id), failed);
      return failed;
    },
    /** Started but not finished (the window is still open). */
    addReady(input: { storeId: string; id: string }): ReadyIdentityVerification {
      const ready = { ...common(input.id), status: 'READY', requestedCustomer: {} } satisfies ReadyIdentityVerification;
      verifications.set(key(input.storeId, input.id), ready);
      return ready;
    },
  };
}

export type PortoneFake = ReturnType<typeof createPortoneFake>;
