/** Page tokens for browser routes, server keys for `/server/…` (SPEC §2, Trust boundary). */
export { type Auth, type AuthorizeHook, createAuth, type RequireOptions, type ScopeOf } from './auth.ts';
export { type AuthConfig, authConfigSchema, hasNoTokenKey } from './config-schema.ts';
export { CLOCK_SKEW_SECONDS, MAX_TOKEN_SECONDS, type MintOptions, mintPageToken } from './page-token.ts';
export { assertTenant, getPrincipal, hasScope, type Principal } from './principal.ts';
export { serverKeyGuard } from './server-keys.ts';
