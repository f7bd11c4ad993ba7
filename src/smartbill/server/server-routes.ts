import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import type { Operation } from '../../core/server/openapi/operation.ts';
import {
  adoptSchema,
  companyJson,
  credentialInput,
  credentialsPutSchema,
  credentialsSchema,
  unmatchedJson,
  unmatchedSchema,
  userJson,
} from './credential-api.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

const COM_REGNO = /^\d{3}-?\d{2}-?\d{5}$/;
/** A business number as written (dashes allowed), handed on without them. */
const comRegNo = z.pipe(
  z.string().check(z.regex(COM_REGNO, 'must be a 10-digit business number')),
  z.transform((s: string) => s.replace(/-/g, '')),
);
const seq = z.pipe(
  z.string().check(z.regex(/^\d{1,15}$/, 'must be a callback number')),
  z.transform((s: string) => Number(s)),
);
const sbidQuery = z.object({ sbid: z.optional(z.string()) });
const noUnmatched = () => new ApiError(404, 'not_found', 'no unmatched callback with this number');

/**
 * The server API for SmartBill credentials (server key): the ERP's backend reads
 * AUTH_CODE/AUTH_TOKEN over HTTP (no Node import), stores credentials entered
 * by hand, and deals with callbacks that matched no signup attempt.
 */
export function mountSmartbillServerRoutes(
  server: Hono,
  operation: Operation,
  signups: () => SmartbillSignupStore,
  now: () => number,
): void {
  // Before `:com_regno`, which would otherwise take "unmatched" for a business number.
  const unmatchedListDoc = {
    summary: 'SmartBill callbacks that matched no signup attempt (kept apart, without their secrets)',
    description: 'Another pID, or the older shape without one. They never change the credentials the ERP uses until adopted.',
    auth: 'serverKey',
    query: z.object({ com_regno: z.optional(comRegNo) }),
    responses: {
      200: {
        description: 'Oldest first',
        body: { name: 'SmartbillUnmatchedList', schema: z.object({ unmatched: z.array(unmatchedSchema) }) },
      },
    },
  } as const;
  server.get(
    '/smartbill/credentials/unmatched',
    ...operation(unmatchedListDoc, async (c, { query }) => {
      const list = await signups().credentials.unmatched(query.com_regno);
      return c.json({ unmatched: list.map(unmatchedJson) });
    }),
  );

  const adoptDoc = {
    summary: 'Adopt an unmatched callback: its AUTH_CODE and AUTH_TOKEN become the company’s',
    description: '`sub` (optional) maps its token to an ERP user. The entry is removed.',
    auth: 'serverKey',
    params: { seq },
    body: { name: 'SmartbillUnmatchedAdopt', schema: adoptSchema, example: { sub: 'erp-user-1' }, optional: true },
    responses: {
      200: { description: 'Adopted', body: { name: 'SmartbillUnmatchedAdopted', schema: z.object({ adopted: unmatchedSchema }) } },
    },
    errors: { not_found: 404 },
  } as const;
  server.post(
    '/smartbill/credentials/unmatched/:seq/adopt',
    ...operation(adoptDoc, async (c, { params, body }) => {
      const adopted = await signups().credentials.adopt(params.seq, body?.sub ?? null, now());
      if (!adopted) throw noUnmatched();
      return c.json({ adopted: unmatchedJson(adopted) });
    }),
  );

  const discardDoc = {
    summary: 'Discard an unmatched callback’s credentials',
    auth: 'serverKey',
    params: { seq },
    responses: { 204: { description: 'Discarded' } },
    errors: { not_found: 404 },
  } as const;
  server.delete(
    '/smartbill/credentials/unmatched/:seq',
    ...operation(discardDoc, async (c, { params }) => {
      if (!(await signups().credentials.discard(params.seq))) throw noUnmatched();
      return c.body(null, 204);
    }),
  );

  const getDoc = {
    summary: "A company's SmartBill credentials: the AUTH_CODE and each user's (SBID) AUTH_TOKEN",
    description: '`?sbid=` answers for that SmartBill user only. Never includes callbacks that matched no signup attempt.',
    auth: 'serverKey',
    params: { com_regno: comRegNo },
    query: sbidQuery,
    responses: { 200: { description: 'The credentials held', body: { name: 'SmartbillCredentials', schema: credentialsSchema } } },
    errors: { not_found: 404 },
  } as const;
  server.get(
    '/smartbill/credentials/:com_regno',
    ...operation(getDoc, async (c, { params, query: { sbid } }) => {
      const company = await signups().credentials.company(params.com_regno);
      if (!company) throw new ApiError(404, 'not_found', 'no credentials for this business number');
      if (sbid === undefined) return c.json(companyJson(company));
      const user = company.users.find((u) => u.sbid === sbid);
      if (!user) throw new ApiError(404, 'not_found', 'no AUTH_TOKEN for this SmartBill user (SBID)');
      return c.json({ COM_REGNO: company.comRegNo, AUTH_CODE: company.authCode, matched: true, ...userJson(user) });
    }),
  );

  const putDoc = {
    summary: 'Store SmartBill credentials entered by hand: the AUTH_CODE and/or one user’s AUTH_TOKEN with its expiry',
    description:
      'For the signup path that ends without a callback (seed 000). SBID in the body or as `?sbid=`; `sub` maps the token to the ERP user whose invoice calls use it. Expiry: `expirationDateCode` D 1 day, W 7, H 15, M 30, Q 90, R 180, Y 365 (from `issuedAt`, default now), Z permanent, C with `expiresAt`.',
    auth: 'serverKey',
    params: { com_regno: comRegNo },
    query: sbidQuery,
    body: {
      name: 'SmartbillCredentialsPut',
      schema: credentialsPutSchema,
      example: {
        AUTH_CODE: 'EXAMPLE-AUTH-CODE',
        AUTH_TOKEN: 'EXAMPLE-AUTH-TOKEN',
        SBID: 'sbid-example',
        sub: 'erp-user-1',
        expirationDateCode: 'M',
        regYn: 'Y',
      },
    },
    responses: { 204: { description: 'Stored' } },
    errors: {
      smartbill_sbid_required: 400,
      smartbill_auth_code_required: 400,
      smartbill_expiry_required: 400,
      smartbill_expiry_conflict: 400,
    },
  } as const;
  server.put(
    '/smartbill/credentials/:com_regno',
    ...operation(putDoc, async (c, { params, query, body }) => {
      await signups().credentials.put(credentialInput(params.com_regno, body, query.sbid, now()), now());
      return c.body(null, 204);
    }),
  );
}
