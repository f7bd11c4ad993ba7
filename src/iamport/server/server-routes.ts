import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import type { Operation } from '../../core/server/openapi/operation.ts';
import { epochMs, unixSeconds } from '../../core/server/openapi/schemas.ts';
import type { Store } from '../../core/server/store/store.ts';
import type { CertificationStore } from './certification-store.ts';
import { PORTONE_ID } from './portone-requests.ts';
import { IMP_UID } from './request-schema.ts';

type Row = {
  imp_uid: string;
  merchant_uid: string;
  data: string;
  verified_at: number | bigint;
  sub: string | null;
  com_regno: string | null;
};

/** What the adapter kept of a verification: the `iamport.storeFields` (CI/DI as keyed digests unless `plainIdentifiers`). */
const storedCertificationSchema = z.looseObject({
  /** Which API verified the person: Iamport V1 (imp_uid) or PortOne V2 (imp_uid is the identityVerificationId). */
  version: z.enum(['v1', 'v2']),
  imp_uid: z.string(),
  merchant_uid: z.string(),
  verified_at: epochMs(),
  certified_at: z.optional(z.nullable(unixSeconds())),
  unique_key: z.optional(z.nullable(z.string().check(z.meta({ description: digestNote('CI (연계정보)') })))),
  unique_in_site: z.optional(z.nullable(z.string().check(z.meta({ description: digestNote('DI (중복가입확인정보)') })))),
  name: z.optional(z.nullable(z.string())),
  phone: z.optional(z.nullable(z.string())),
  birthday: z.optional(z.nullable(z.string())),
  gender: z.optional(z.nullable(z.string())),
  pg_provider: z.optional(z.nullable(z.string())),
});

/**
 * What a stored CI/DI is: a keyed digest by default, so an ERP compares people through the lookup route, not by string.
 */
function digestNote(what: string): string {
  return (
    `${what}. By default a keyed digest "h1.<key id>.<base64url HMAC-SHA256>", not the value: two digests of one person ` +
    'are equal only under the same key, so do not compare them with a CI/DI you hold; send that value to ' +
    'POST /server/iamport/certifications/lookup, which digests it and finds the certifications. The value itself ' +
    'with iamport.plainIdentifiers: true. Null when the identity service gave none.'
  );
}

const identifier = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * The server API for Iamport (server key): what the adapter verified and kept, for the ERP's backend. The
 * browser's success event is only a hint; these answers are the proof. Fields are those in `iamport.storeFields`.
 */
export function mountIamportServerRoutes(server: Hono, operation: Operation, store: Store, certifications: () => CertificationStore): void {
  /**
   * `POST /server/iamport/certifications/lookup` `{ "unique_key": CI }` or `{ "unique_in_site": DI }`: the
   * certifications of a returning person. CI/DI are kept as keyed HMACs, so the value is sent, digested and
   * matched (in a body, never a URL: no identifier in access logs).
   */
  const lookupDoc = {
    summary: 'Find the certifications of a returning person by CI or DI',
    description: 'CI/DI are kept as keyed digests: send the value in the body (never a URL, so no identifier reaches access logs).',
    auth: 'serverKey',
    body: {
      name: 'CertificationLookup',
      schema: z.union([z.object({ unique_key: identifier }), z.object({ unique_in_site: identifier })]),
      example: { unique_key: 'sandbox-ci-0000' },
    },
    responses: {
      200: {
        description: 'Every certification of that person, oldest first (possibly none)',
        body: { name: 'CertificationLookupResult', schema: z.object({ certifications: z.array(storedCertificationSchema) }) },
      },
    },
  } as const;
  server.post(
    '/iamport/certifications/lookup',
    ...operation(lookupDoc, async (c, { body }) => {
      const kept = certifications();
      const found =
        'unique_key' in body
          ? await kept.findByIdentifier('unique_key', body.unique_key)
          : await kept.findByIdentifier('unique_in_site', body.unique_in_site);
      return c.json({
        certifications: found.map((r) => ({
          version: 'v1',
          ...r.data,
          imp_uid: r.imp_uid,
          merchant_uid: r.merchant_uid,
          verified_at: r.verified_at,
        })),
      });
    }),
  );

  const storedDoc = {
    summary: 'Read a verified certification: the proof behind the browser event',
    description: 'Fields are those in `iamport.storeFields`, plus who asked (`sub`, `com`; null when anonymous).',
    auth: 'serverKey',
    params: {
      imp_uid: z.union([
        z.string().check(z.regex(IMP_UID)),
        z.string().check(z.regex(PORTONE_ID, 'not an Iamport imp_uid nor a PortOne identityVerificationId this adapter issued')),
      ]),
    },
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
  } as const;
  server.get(
    '/iamport/certifications/:imp_uid',
    ...operation(storedDoc, async (c, { params: { imp_uid } }) => {
      const row = await store.get<Row>(
        'SELECT imp_uid, merchant_uid, data, verified_at, sub, com_regno FROM iamport_certifications WHERE imp_uid = ?',
        [imp_uid],
      );
      if (!row) throw new ApiError(404, 'not_found', 'no verified certification with this imp_uid');
      return c.json({
        version: 'v1', // rows kept before V2 existed
        ...(JSON.parse(row.data) as Record<string, unknown>),
        imp_uid: row.imp_uid,
        merchant_uid: row.merchant_uid,
        verified_at: Number(row.verified_at),
        /** The page token's user and company that asked (null when anonymous). */
        sub: row.sub,
        com: row.com_regno,
      });
    }),
  );
}
