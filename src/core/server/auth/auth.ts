import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { bearerToken } from './bearer.ts';
import type { Logger } from '../logger.ts';
import { type AuthConfig, hasNoTokenKey } from './config-schema.ts';
import { createTokenVerifier } from './page-token.ts';
import { hasScope, type Principal } from './principal.ts';

/**
 * The embedding's own check (`createAdapter(config, { authorize })`): look at the
 * ERP's session cookie, say who the request is for. `null`/`undefined` means
 * "not logged in here": a Bearer page token is then tried.
 */
export type AuthorizeHook = (request: Request) => Principal | null | undefined | Promise<Principal | null | undefined>;

export interface RequireOptions {
  /** Let a request without any token through as an anonymous principal (a token that is sent is still checked). */
  anonymous?: boolean;
}

/** The scope a request needs, when it depends on the request: decided once the caller is known (authentication first). */
export type ScopeOf = (c: Context, principal: Principal) => string;

export interface Auth {
  /**
   * Middleware: verifies the page token (or the authorize hook), checks `scope`, stores the principal (`getPrincipal`).
   * A function scope runs only after the token was verified, so nothing it reveals (e.g. an allow-list) reaches a stranger.
   */
  require(scope: string | ScopeOf, options?: RequireOptions): MiddlewareHandler;
  /** Verifies a page token by itself (tests, tools). */
  verify(token: string): Promise<Principal>;
}

export function createAuth(config: AuthConfig, deps: { now: () => number; logger: Logger; authorize?: AuthorizeHook }): Auth {
  const verify = createTokenVerifier(config, deps.now);
  if (hasNoTokenKey(config)) {
    deps.logger.warn('no page-token key (auth.secret or auth.publicKeys): every browser route that needs a token will refuse');
  }
  if (config.mode === 'none') {
    deps.logger.warn('auth.mode is "none": browser routes accept every caller for every company; use it only behind your own access check');
  }

  const principalOf = async (request: Request, options: RequireOptions): Promise<Principal> => {
    if (config.mode === 'none') return { sub: 'anonymous', com: '*', scopes: ['*'] };
    if (deps.authorize) {
      const p = await deps.authorize(request);
      if (p) return p;
    }
    const header = request.headers.get('authorization') ?? undefined;
    const token = bearerToken(header);
    if (!token) {
      if (header) throw new ApiError(401, 'token_invalid', 'Authorization must be "Bearer <page token>"');
      if (options.anonymous) return { sub: '', com: '', scopes: [], anonymous: true };
      throw new ApiError(401, 'token_missing', 'this route needs a page token (Authorization: Bearer …) from the ERP');
    }
    return verify(token);
  };

  return {
    verify,
    require(scope, options = {}) {
      return async (c, next) => {
        const principal = await principalOf(c.req.raw, options);
        const needed = typeof scope === 'string' ? scope : scope(c, principal);
        if (!principal.anonymous && !hasScope(principal, needed)) {
          throw new ApiError(403, 'scope_missing', `the page token lacks the scope ${needed}`);
        }
        c.set('principal', principal);
        await next();
      };
    },
  };
}
