import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../adapter/errors.ts';
import { readJson } from '../adapter/http.ts';
import { describeRoute } from '../adapter/openapi/describe-route.ts';
import { credentialsGetDoc, credentialsPutDoc } from './route-docs.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

export const credentialsPutSchema = z.strictObject({
  AUTH_CODE: z.string().check(z.minLength(1), z.maxLength(200)),
  AUTH_TOKEN: z.string().check(z.minLength(1), z.maxLength(2000)),
  SBID: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  pID: z.optional(z.string().check(z.maxLength(50))),
  Email: z.optional(z.string().check(z.maxLength(200))),
  regYn: z.optional(z.string().check(z.regex(/^[YN]$/))),
});

const comOf = (raw: string) => {
  const com = raw.replace(/-/g, '');
  if (!/^\d{10}$/.test(com)) throw new ApiError(400, 'invalid_request', 'com_regno: must be a 10-digit business number');
  return com;
};

/**
 * `GET`/`PUT /server/smartbill/credentials/:com_regno` (server key): the ERP's
 * backend reads AUTH_CODE/AUTH_TOKEN over HTTP (no Node import), or stores
 * credentials entered by hand. `?sbid=` answers only for that SmartBill user.
 */
export function mountSmartbillServerRoutes(server: Hono, signups: () => SmartbillSignupStore, now: () => number): void {
  server.get('/smartbill/credentials/:com_regno', describeRoute(credentialsGetDoc), async (c) => {
    const cred = await signups().getCredentials(comOf(c.req.param('com_regno')));
    const sbid = c.req.query('sbid');
    if (!cred || (sbid !== undefined && cred.sbid !== sbid))
      throw new ApiError(404, 'not_found', 'no credentials for this business number');
    return c.json({
      COM_REGNO: cred.comRegNo,
      AUTH_CODE: cred.authCode,
      AUTH_TOKEN: cred.authToken,
      SBID: cred.sbid,
      pID: cred.pID,
      Email: cred.email,
      regYn: cred.regYn,
      matched: cred.matched,
      updatedAt: cred.updatedAt,
    });
  });

  server.put('/smartbill/credentials/:com_regno', describeRoute(credentialsPutDoc), async (c) => {
    const com = comOf(c.req.param('com_regno'));
    const body = await readJson(c, credentialsPutSchema);
    const sbid = c.req.query('sbid') ?? body.SBID;
    if (!sbid) throw new ApiError(400, 'invalid_request', 'SBID: give it in the body or as ?sbid=');
    await signups().putCredentials(
      {
        comRegNo: com,
        authCode: body.AUTH_CODE,
        authToken: body.AUTH_TOKEN,
        sbid,
        pID: body.pID ?? null,
        email: body.Email ?? null,
        regYn: body.regYn ?? null,
      },
      now(),
    );
    return c.body(null, 204);
  });
}
