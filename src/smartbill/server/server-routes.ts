import type { Hono } from 'hono';
import { ApiError } from '../../core/server/errors.ts';
import { readJson } from '../../core/server/http.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import { adoptSchema, companyJson, credentialInput, credentialsPutSchema, unmatchedJson, userJson } from './credential-api.ts';
import { credentialsGetDoc, credentialsPutDoc, unmatchedAdoptDoc, unmatchedDiscardDoc, unmatchedListDoc } from './route-docs.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

const comOf = (raw: string) => {
  const com = raw.replace(/-/g, '');
  if (!/^\d{10}$/.test(com)) throw new ApiError(400, 'invalid_request', 'com_regno: must be a 10-digit business number');
  return com;
};
const seqOf = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', 'seq: must be a callback number');
  return Number(raw);
};
const noUnmatched = () => new ApiError(404, 'not_found', 'no unmatched callback with this number');

/**
 * The server API for SmartBill credentials (server key): the ERP's backend reads
 * AUTH_CODE/AUTH_TOKEN over HTTP (no Node import), stores credentials entered
 * by hand, and deals with callbacks that matched no signup attempt.
 * - `GET /smartbill/credentials/unmatched[?com_regno=]`: those callbacks, without secrets;
 *   `POST …/unmatched/:seq/adopt` (optional `{ sub }`) makes one the company's; `DELETE …/unmatched/:seq` drops it.
 * - `GET /smartbill/credentials/:com_regno`: the AUTH_CODE and every user's token; `?sbid=` one user's.
 * - `PUT /smartbill/credentials/:com_regno`: AUTH_CODE and/or one user's AUTH_TOKEN with its expiry.
 */
export function mountSmartbillServerRoutes(server: Hono, signups: () => SmartbillSignupStore, now: () => number): void {
  // Before `:com_regno`, which would otherwise take "unmatched" for a business number.
  server.get('/smartbill/credentials/unmatched', describeRoute(unmatchedListDoc), async (c) => {
    const raw = c.req.query('com_regno');
    const list = await signups().credentials.unmatched(raw === undefined ? undefined : comOf(raw));
    return c.json({ unmatched: list.map(unmatchedJson) });
  });

  server.post('/smartbill/credentials/unmatched/:seq/adopt', describeRoute(unmatchedAdoptDoc), async (c) => {
    const seq = seqOf(c.req.param('seq'));
    const body = c.req.header('content-type') ? await readJson(c, adoptSchema) : {};
    const adopted = await signups().credentials.adopt(seq, body.sub ?? null, now());
    if (!adopted) throw noUnmatched();
    return c.json({ adopted: unmatchedJson(adopted) });
  });

  server.delete('/smartbill/credentials/unmatched/:seq', describeRoute(unmatchedDiscardDoc), async (c) => {
    if (!(await signups().credentials.discard(seqOf(c.req.param('seq'))))) throw noUnmatched();
    return c.body(null, 204);
  });

  server.get('/smartbill/credentials/:com_regno', describeRoute(credentialsGetDoc), async (c) => {
    const company = await signups().credentials.company(comOf(c.req.param('com_regno')));
    const sbid = c.req.query('sbid');
    if (!company) throw new ApiError(404, 'not_found', 'no credentials for this business number');
    if (sbid === undefined) return c.json(companyJson(company));
    const user = company.users.find((u) => u.sbid === sbid);
    if (!user) throw new ApiError(404, 'not_found', 'no AUTH_TOKEN for this SmartBill user (SBID)');
    return c.json({ COM_REGNO: company.comRegNo, AUTH_CODE: company.authCode, matched: true, ...userJson(user) });
  });

  server.put('/smartbill/credentials/:com_regno', describeRoute(credentialsPutDoc), async (c) => {
    const com = comOf(c.req.param('com_regno'));
    const body = await readJson(c, credentialsPutSchema);
    await signups().credentials.put(credentialInput(com, body, c.req.query('sbid'), now()), now());
    return c.body(null, 204);
  });
}
