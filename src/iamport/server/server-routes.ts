import type { Hono } from 'hono';
import { ApiError } from '../../core/server/errors.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { Store } from '../../core/server/store/store.ts';
import type { CertificationStore } from './certification-store.ts';
import { PORTONE_ID } from './portone-requests.ts';
import { IMP_UID } from './request-schema.ts';
import { certificationLookupDoc, storedCertificationDoc } from './route-docs.ts';

type Row = {
  imp_uid: string;
  merchant_uid: string;
  data: string;
  verified_at: number | bigint;
  sub: string | null;
  com_regno: string | null;
};

/**
 * `GET /server/iamport/certifications/:imp_uid` (server key): what the adapter
 * verified and kept, for the ERP's backend. The browser's success event is only
 * a hint; this answer is the proof. Fields are those in `iamport.storeFields`.
 */
export function mountIamportServerRoutes(server: Hono, store: Store, certifications: () => CertificationStore): void {
  /**
   * `POST /server/iamport/certifications/lookup` `{ "unique_key": CI }` or `{ "unique_in_site": DI }`: the
   * certifications of a returning person. CI/DI are kept as keyed HMACs, so the value is sent, digested and
   * matched (in a body, never a URL: no identifier in access logs).
   */
  server.post('/iamport/certifications/lookup', describeRoute(certificationLookupDoc), async (c) => {
    const store = certifications();
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const kind =
      typeof body?.unique_key === 'string' ? 'unique_key' : typeof body?.unique_in_site === 'string' ? 'unique_in_site' : undefined;
    const value = kind ? (body![kind] as string) : '';
    if (!kind || !value || value.length > 200)
      throw new ApiError(400, 'invalid_request', 'send { "unique_key": CI } or { "unique_in_site": DI }');
    const found = await store.findByIdentifier(kind, value);
    return c.json({
      certifications: found.map((r) => ({
        version: 'v1',
        ...r.data,
        imp_uid: r.imp_uid,
        merchant_uid: r.merchant_uid,
        verified_at: r.verified_at,
      })),
    });
  });

  server.get('/iamport/certifications/:imp_uid', describeRoute(storedCertificationDoc), async (c) => {
    const impUid = c.req.param('imp_uid');
    if (!IMP_UID.test(impUid) && !PORTONE_ID.test(impUid)) {
      throw new ApiError(
        400,
        'invalid_request',
        'imp_uid: not an Iamport imp_uid nor a PortOne identityVerificationId this adapter issued',
      );
    }
    const row = await store.get<Row>(
      'SELECT imp_uid, merchant_uid, data, verified_at, sub, com_regno FROM iamport_certifications WHERE imp_uid = ?',
      [impUid],
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
  });
}
