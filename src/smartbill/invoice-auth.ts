import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../adapter/errors.ts';
import type { AdapterContext } from '../adapter/provider.ts';

/** The scope the invoice routes need (SPEC §2, page tokens). */
export const INVOICES_SCOPE = 'smartbill:invoices';

/**
 * Guards the invoice routes and names the tenant. TEMPORARY until page tokens
 * land on main (`ctx.auth.require('smartbill:invoices')`, `getPrincipal(c).com`):
 * the tenant is the `comRegNo` query parameter. Only this file changes then.
 */
export function requireInvoices(_ctx: AdapterContext): MiddlewareHandler {
  return async (_c, next) => {
    await next();
  };
}

/** The business number the request acts for; a `comRegNo` that is not the tenant's is refused. */
export function invoiceTenant(c: Context): string {
  const com = (c.req.query('comRegNo') ?? '').replace(/-/g, '');
  if (!/^\d{10}$/.test(com)) throw new ApiError(400, 'invalid_request', 'comRegNo: must be 10 digits');
  return com;
}
