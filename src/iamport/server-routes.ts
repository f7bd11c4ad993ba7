import type { Hono } from 'hono';
import { ApiError } from '../adapter/errors.ts';
import type { Store } from '../adapter/store/store.ts';
import { IMP_UID } from './request-schema.ts';

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
export function mountIamportServerRoutes(server: Hono, store: Store): void {
  server.get('/iamport/certifications/:imp_uid', async (c) => {
    const impUid = c.req.param('imp_uid');
    if (!IMP_UID.test(impUid)) throw new ApiError(400, 'invalid_request', 'imp_uid: not an Iamport imp_uid');
    const row = await store.get<Row>(
      'SELECT imp_uid, merchant_uid, data, verified_at, sub, com_regno FROM iamport_certifications WHERE imp_uid = ?',
      [impUid],
    );
    if (!row) throw new ApiError(404, 'not_found', 'no verified certification with this imp_uid');
    return c.json({
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
