import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { AdapterContext, ProviderSetup } from '../../core/server/provider.ts';
import { UniqueViolation } from '../../core/server/store/store.ts';
import { certifyResultSchema } from '../shared/schema.ts';
import type { CertificationStore } from './certification-store.ts';
import type { IamportConfig } from './config-schema.ts';
import { PortoneApi } from './portone-api.ts';
import type { PortoneVerification } from './portone-upstream-schema.ts';
import { PORTONE_ID, PortoneRequests, usedAlready } from './portone-requests.ts';
import { portoneIssueRequestSchema } from './request-schema.ts';
import type { Certification } from './upstream-schema.ts';
import { ageOn, toResult } from './verify.ts';

const PORTONE_UPSTREAM_ERRORS = { portone_credentials_rejected: 502, upstream_error: 502, upstream_timeout: 504 };

/**
 * PortOne V2 identity verification beside V1: the adapter mints the id before the click, then
 * verifies it with one PortOne call and keeps the same row and event as V1.
 */
export function mountPortoneRoutes(
  app: Hono,
  ctx: AdapterContext,
  { config, need, operation }: ProviderSetup<IamportConfig>,
  certifications: CertificationStore | undefined,
): void {
  const state = config?.portone &&
    certifications && { config, v2: config.portone, api: new PortoneApi(config.portone, ctx.fetch), certifications };
  const requests = new PortoneRequests(ctx.store, ctx.now);

  const issueDoc = {
    summary: 'Mint a PortOne V2 identityVerificationId for this page token',
    description:
      "The element asks before the click (when the button is on screen), so the click calls PortOne at once. The id is bound to the token's `sub` and `com` and is accepted once.",
    auth: {
      scope: 'iamport:certify',
      note: 'With `iamport.anonymous: true` a request without a token is accepted.',
      anonymous: config?.anonymous,
    },
    body: {
      name: 'PortoneIssueRequest',
      schema: portoneIssueRequestSchema,
      example: { storeId: 'store-00000000-0000-0000-0000-000000000000' },
    },
    responses: {
      201: {
        description: 'A fresh id for `PortOne.requestIdentityVerification`',
        body: { name: 'PortoneIssued', schema: z.object({ identityVerificationId: z.string(), storeId: z.string() }) },
      },
    },
    errors: { portone_store_mismatch: 422 },
  } as const;
  app.post(
    '/iamport/v2/identity-verifications',
    ...operation(issueDoc, async (c, { body: { storeId } }) => {
      const { v2 } = need(state);
      if (storeId !== v2.storeId) {
        throw new ApiError(
          422,
          'portone_store_mismatch',
          'the element\'s store-id is not the store this adapter verifies with (config "iamport.portone.storeId")',
        );
      }
      return c.json({ identityVerificationId: await requests.issue(getPrincipal(c)), storeId: v2.storeId }, 201);
    }),
  );

  const verifyDoc = {
    summary: 'Verify a PortOne V2 identity verification server-side, once',
    description:
      'One call to PortOne (`GET /identity-verifications/{id}?storeId=`): status VERIFIED, the configured store, the minimum age from birthDate. Keeps the same row and writes the same `iamport.certification.verified` event as V1 (`version: "v2"`).',
    auth: { scope: 'iamport:certify', note: 'The same token (`sub`, `com`) that minted the id.', anonymous: config?.anonymous },
    params: { id: z.string().check(z.regex(PORTONE_ID, 'not an identityVerificationId this adapter issues')) },
    responses: {
      201: {
        description: 'Verified: what the page may show (no CI/DI), in the V1 shape',
        body: { name: 'CertifyResult', schema: certifyResultSchema },
      },
    },
    errors: {
      portone_verification_unknown: 404,
      tenant_mismatch: 403,
      iamport_imp_uid_used: 409,
      portone_verification_not_found: 422,
      portone_not_verified: 422,
      portone_verification_failed: 422,
      iamport_under_min_age: 403,
      ...PORTONE_UPSTREAM_ERRORS,
    },
  } as const;
  app.post(
    '/iamport/v2/identity-verifications/:id/verify',
    ...operation(verifyDoc, async (c, { params: { id } }) => {
      const { config, api, certifications: kept } = need(state);
      const principal = getPrincipal(c);
      await requests.check(id, principal); // before any upstream call
      const verification = await api.getIdentityVerification(id);
      const cert = asCertification(verification, config, ctx.now());
      try {
        await kept.save(cert, id, ctx.now(), principal, { version: 'v2', claim: (tx) => requests.claim(tx, id) });
      } catch (err) {
        if (err instanceof UniqueViolation) throw usedAlready();
        throw err;
      }
      return c.json(toResult(cert), 201);
    }),
  );
}

/** A VERIFIED answer in V1's terms (the row, the event and the browser's result share V1's field names). */
function asCertification(v: PortoneVerification, config: Pick<IamportConfig, 'minAge'>, now: number): Certification {
  if (v.status === 'FAILED') {
    const f = v.failure ?? {};
    throw new ApiError(
      422,
      'portone_verification_failed',
      `PortOne: ${f.reason ?? 'verification failed'}${f.pgCode ? ` (PG ${f.pgCode})` : ''}`,
    );
  }
  const customer = v.verifiedCustomer;
  if (v.status !== 'VERIFIED' || !customer) {
    throw new ApiError(422, 'portone_not_verified', `this verification is ${v.status}, not VERIFIED (cancelled or not finished)`);
  }
  if (config.minAge !== undefined) {
    const age = ageOn(customer.birthDate, now);
    if (age === undefined || age < config.minAge) {
      throw new ApiError(403, 'iamport_under_min_age', `the person must be at least ${config.minAge} years old`);
    }
  }
  const verifiedAt = v.verifiedAt ? Date.parse(v.verifiedAt) : now;
  return {
    imp_uid: v.id,
    merchant_uid: v.id,
    pg_provider: v.channel?.pgProvider?.toLowerCase() ?? null,
    name: customer.name ?? null,
    gender: customer.gender === 'MALE' ? 'male' : customer.gender === 'FEMALE' ? 'female' : null,
    birthday: customer.birthDate ?? null,
    foreigner: customer.isForeigner ?? null,
    phone: customer.phoneNumber ?? null,
    carrier: customer.operator ?? null,
    certified: true,
    certified_at: Math.floor((Number.isFinite(verifiedAt) ? verifiedAt : now) / 1000),
    // KG Inicis answers no DI, and no CI through Kakao: kept as null, so lookup by that identifier finds nothing.
    unique_key: customer.ci ?? null,
    unique_in_site: customer.di ?? null,
  };
}
