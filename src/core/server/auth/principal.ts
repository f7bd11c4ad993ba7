import type { Context } from 'hono';
import { ApiError } from '../errors.ts';

/** Who a browser request acts for: the ERP user (`sub`) of a company (`com`, business number). */
export interface Principal {
  sub: string;
  /** The tenant: a 10-digit business number; `*` (any company) only with auth mode `none` or an `authorize` hook that says so. */
  com: string;
  scopes: string[];
  /** True when a route allowed a request without a token (`iamport.anonymous`). */
  anonymous?: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** The principal `ctx.auth.require(…)` stored for this request. */
export function getPrincipal(c: Context): Principal {
  const p = c.get('principal');
  if (!p) throw new Error('getPrincipal: this route has no ctx.auth.require(…) in front of it');
  return p;
}

/** Refuses a request acting for another company than the one its token names. */
export function assertTenant(principal: Principal, comRegno: string): void {
  if (principal.com === '*') return;
  if (principal.anonymous || principal.com !== comRegno.replace(/-/g, '')) {
    throw new ApiError(403, 'tenant_mismatch', 'the page token is for another company (com) than this request');
  }
}

export const hasScope = (p: Principal, scope: string) => p.scopes.includes(scope) || p.scopes.includes('*');
