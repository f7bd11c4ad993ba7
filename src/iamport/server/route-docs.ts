import * as z from 'zod/mini';
import type { OperationDoc } from '../../core/server/openapi/describe-route.ts';
import { epochMs, unixSeconds } from '../../core/server/openapi/schemas.ts';
import { certifyRequestSchema, IMP_UID } from './request-schema.ts';
import { certifyResultSchema } from '../shared/schema.ts';

const upstream = { upstream_error: 502, upstream_timeout: 504, iamport_credentials_rejected: 502 };

/** What the adapter kept of a verification: the `iamport.storeFields` (CI/DI as keyed digests unless `plainIdentifiers`). */
const storedCertificationSchema = z.looseObject({
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
  params: { imp_uid: z.string().check(z.regex(IMP_UID)) },
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
