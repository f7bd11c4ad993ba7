import * as z from 'zod/mini';
import type { OperationDoc } from '../../core/server/openapi/describe-route.ts';
import { epochMs, unixSeconds } from '../../core/server/openapi/schemas.ts';
import { PORTONE_ID } from './portone-requests.ts';
import { certifyRequestSchema, IMP_UID, portoneIssueRequestSchema } from './request-schema.ts';
import { certifyResultSchema } from '../shared/schema.ts';

const upstream = { upstream_error: 502, upstream_timeout: 504, iamport_credentials_rejected: 502 };

/** What the adapter kept of a verification: the `iamport.storeFields` (CI/DI as keyed digests unless `plainIdentifiers`). */
const storedCertificationSchema = z.looseObject({
  /** Which API verified the person: Iamport V1 (imp_uid) or PortOne V2 (imp_uid is the identityVerificationId). */
  version: z.enum(['v1', 'v2']),
  imp_uid: z.string(),
  merchant_uid: z.string(),
  verified_at: epochMs(),
  certified_at: z.optional(z.nullable(unixSeconds())),
  unique_key: z.optional(z.nullable(z.string())),
  unique_in_site: z.optional(z.nullable(z.string())),
  name: z.optional(z.nullable(z.string())),
  phone: z.optional(z.nullable(z.string())),
  birthday: z.optional(z.nullable(z.string())),
  gender: z.optional(z.nullable(z.string())),
  pg_provider: z.optional(z.nullable(z.string())),
});

export const certifyDoc = (): OperationDoc => ({
  summary: 'Verify an Iamport certification (imp_uid) server-side, once',
  description: 'Checks certified, merchant_uid and min_age with Iamport, then keeps the configured fields. An imp_uid is accepted once.',
  auth: {
    scope: 'iamport:certify',
    note: 'With `iamport.anonymous: true` a request without a token is accepted (bound to merchant_uid only).',
  },
  body: {
    name: 'CertifyRequest',
    schema: certifyRequestSchema,
    example: { imp_uid: 'imp_123456789012', merchant_uid: 'cert_0123456789abcdef0123456789abcdef' },
  },
  responses: {
    201: { description: 'Verified: what the page may show (no CI/DI)', body: { name: 'CertifyResult', schema: certifyResultSchema } },
  },
  errors: {
    not_configured: 503,
    iamport_imp_uid_used: 409,
    iamport_certification_not_found: 404,
    iamport_not_certified: 422,
    iamport_merchant_uid_mismatch: 422,
    iamport_under_min_age: 403,
    ...upstream,
  },
});

export const storedCertificationDoc = (): OperationDoc => ({
  summary: 'Read a verified certification: the proof behind the browser event',
  description: 'Fields are those in `iamport.storeFields`, plus who asked (`sub`, `com`; null when anonymous).',
  auth: 'serverKey',
  params: { imp_uid: z.union([z.string().check(z.regex(IMP_UID)), z.string().check(z.regex(PORTONE_ID))]) },
  responses: {
    200: {
      description: 'The verification as kept',
      body: {
        name: 'StoredCertification',
        schema: z.extend(storedCertificationSchema, { sub: z.nullable(z.string()), com: z.nullable(z.string()) }),
      },
    },
  },
  errors: { not_found: 404 },
});

const portoneErrors = {
  not_configured: 503,
  portone_verification_unknown: 404,
  tenant_mismatch: 403,
  iamport_imp_uid_used: 409,
  portone_verification_not_found: 422,
  portone_not_verified: 422,
  portone_verification_failed: 422,
  iamport_under_min_age: 403,
  portone_credentials_rejected: 502,
  upstream_error: 502,
  upstream_timeout: 504,
};

export const portoneIssueDoc = (): OperationDoc => ({
  summary: 'Mint a PortOne V2 identityVerificationId for this page token',
  description:
    "The element asks before the click (when the button is on screen), so the click calls PortOne at once. The id is bound to the token's `sub` and `com` and is accepted once.",
  auth: { scope: 'iamport:certify', note: 'With `portone.anonymous: true` a request without a token is accepted.' },
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
  errors: { not_configured: 503, portone_store_mismatch: 422 },
});

export const portoneVerifyDoc = (): OperationDoc => ({
  summary: 'Verify a PortOne V2 identity verification server-side, once',
  description:
    'One call to PortOne (`GET /identity-verifications/{id}?storeId=`): status VERIFIED, the configured store, the minimum age from birthDate. Keeps the same row and writes the same `iamport.certification.verified` event as V1 (`version: "v2"`).',
  auth: { scope: 'iamport:certify', note: 'The same token (`sub`, `com`) that minted the id.' },
  params: { id: z.string().check(z.regex(PORTONE_ID)) },
  responses: {
    201: {
      description: 'Verified: what the page may show (no CI/DI), in the V1 shape',
      body: { name: 'CertifyResult', schema: certifyResultSchema },
    },
  },
  errors: portoneErrors,
});

export const certificationLookupDoc = (): OperationDoc => ({
  summary: 'Find the certifications of a returning person by CI or DI',
  description: 'CI/DI are kept as keyed digests: send the value in the body (never a URL, so no identifier reaches access logs).',
  auth: 'serverKey',
  body: {
    name: 'CertificationLookup',
    schema: z.union([
      z.object({ unique_key: z.string().check(z.minLength(1), z.maxLength(200)) }),
      z.object({ unique_in_site: z.string().check(z.minLength(1), z.maxLength(200)) }),
    ]),
    example: { unique_key: 'sandbox-ci-0000' },
  },
  responses: {
    200: {
      description: 'Every certification of that person, oldest first (possibly none)',
      body: { name: 'CertificationLookupResult', schema: z.object({ certifications: z.array(storedCertificationSchema) }) },
    },
  },
});
