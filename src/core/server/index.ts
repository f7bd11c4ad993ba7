/** `erp-widgets-adapter`: the Node side of the kit. */
export { createAdapter, type Adapter, type AdapterDeps } from './app.ts';
export { parseConfig, readConfigFile, ConfigError, type AdapterConfig, type AdapterConfigInput } from './config.ts';
export { ApiError } from './errors.ts';
export type { Store, Migration } from './store/store.ts';
export { openSqliteStore } from './store/sqlite.ts';
export { assertTenant, getPrincipal, mintPageToken, type AuthorizeHook, type MintOptions, type Principal, SCOPES } from './auth/index.ts';
export type { Events } from './webhooks/outbox.ts';
