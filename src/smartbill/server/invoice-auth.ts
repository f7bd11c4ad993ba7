import type { Context } from 'hono';
import { assertTenant, getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError } from '../../core/server/errors.ts';

/**
 * The business number the request acts for: the page token's `com`. A
 * `comRegNo` query parameter (the element's `com-reg-no`) must name the same
 * company (403 `tenant_mismatch`); it is only needed when the principal may
 * act for any company (`com: "*"`, auth mode `none` or an `authorize` hook).
 */
export function invoiceTenant(c: Context): string {
  const principal = getPrincipal(c);
  const asked = (c.req.query('comRegNo') ?? '').replace(/-/g, '');
  if (asked) assertTenant(principal, asked);
  const com = principal.com === '*' ? asked : principal.com;
  if (!/^\d{10}$/.test(com)) throw new ApiError(400, 'invalid_request', 'comRegNo: must be 10 digits');
  return com;
}

/** The company and the ERP user (page token `sub`) an invoice call acts for: the user picks the SmartBill token. */
export function invoiceCaller(c: Context): { comRegNo: string; sub: string } {
  return { comRegNo: invoiceTenant(c), sub: getPrincipal(c).sub };
}
