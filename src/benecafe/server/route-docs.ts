import * as z from 'zod/mini';
import type { OperationDoc } from '../../core/server/openapi/describe-route.ts';
import { epochMs } from '../../core/server/openapi/schemas.ts';
import { gateFieldsSchema } from './gate-fields.ts';
import { gateSessionSchema, sessionResponseSchema } from '../shared/schema.ts';

const session = { name: 'GateSessionAnswer', schema: sessionResponseSchema };

export const gateDoc = (): OperationDoc => ({
  summary: "Benecafe's gate POST (sent by the welfare mall's page, not by the ERP)",
  description:
    'Checks the OTP token with Benecafe, starts a fresh session (cookie `benecafe_session`) and redirects to the landing page. ' +
    'Only from `benecafe.gateOrigins`. A browser (`Accept: text/html`) gets an HTML page instead of the JSON error.',
  auth: 'none',
  body: { name: 'GateForm', schema: gateFieldsSchema, contentType: 'application/x-www-form-urlencoded' },
  responses: {
    303: { description: 'Entered: to the landing page', headers: { Location: 'The landing page', 'Set-Cookie': 'benecafe_session' } },
  },
  errors: {
    not_configured: 503,
    benecafe_origin_not_allowed: 403,
    benecafe_otp_missing: 400,
    benecafe_encrypted_params_unsupported: 400,
    benecafe_insecure_url: 400,
    benecafe_host_not_allowed: 400,
    benecafe_otp_invalid: 401,
    benecafe_otp_used: 401,
    benecafe_member_mismatch: 401,
    benecafe_not_member: 403,
    benecafe_ip_not_allowed: 502,
    upstream_error: 502,
    upstream_timeout: 504,
  },
});

export const sessionReadDoc = (): OperationDoc => ({
  summary: 'The gate session of this browser (for `<benecafe-gate>`)',
  auth: { session: 'gateSession' },
  responses: { 200: { description: 'The session, or none and why', body: session } },
  errors: { not_configured: 503 },
});

export const sessionDeleteDoc = (): OperationDoc => ({
  summary: 'Log out of the gate session',
  auth: { session: 'gateSession' },
  responses: { 200: { description: 'No session any more', body: session } },
  errors: { not_configured: 503 },
});

export const sessionByRefDoc = (): OperationDoc => ({
  summary: "The member behind a gate session, for the partner mall's backend",
  description:
    'The `ref` comes from the session answer the page got (`benecafe-gate-ready` detail) or from the `benecafe.member.entered` webhook. ' +
    "`member` is Benecafe's record minus anything token-like. 404 once the session expired, the member left or entered again.",
  auth: 'serverKey',
  params: { ref: z.string().check(z.regex(/^bs_[A-Za-z0-9_-]{24}$/)) },
  responses: {
    200: {
      description: "The session as the page sees it, and Benecafe's member record (no OTP token)",
      body: {
        name: 'GateSessionMember',
        schema: z.object({
          ref: z.string(),
          session: gateSessionSchema,
          member: z.record(z.string(), z.unknown()),
          enteredAt: epochMs(),
        }),
      },
    },
  },
  errors: { not_configured: 503, invalid_request: 400, not_found: 404 },
});
