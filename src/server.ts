/**
 * `erp-widgets-adapter`: the Node side of the kit, with every provider of src/providers.ts. The core
 * (src/core/server/) takes the providers as a parameter; this entry passes them.
 */
import type { Adapter, AdapterDeps } from './core/server/app.ts';
import { createAdapter as createCoreAdapter } from './core/server/app.ts';
import * as core from './core/server/config.ts';
import type { ProviderConfigsOf, ProviderInputsOf } from './core/server/provider.ts';
import type { Crypto } from './core/server/crypto.ts';
import { rekeyStore as rekeyCoreStore } from './core/server/rekey.ts';
import type { Store } from './core/server/store/store.ts';
import { type RunningServer, type ServerOptions, type ServerDeps, startServer as startCoreServer } from './core/server/server.ts';
import { providers } from './providers.ts';

/** The parsed config: the top-level keys and each provider's section, typed. */
export type AdapterConfig = core.AdapterConfig & ProviderConfigsOf<typeof providers>;
/** A config object as written (a file's JSON, or code). */
export type AdapterConfigInput = core.AdapterConfigInput & ProviderInputsOf<typeof providers>;
/** `AdapterDeps` without the providers: this entry passes its own. */
export type Deps = Omit<AdapterDeps, 'providers'> & Partial<Pick<AdapterDeps, 'providers'>>;

/** Page-token scopes the providers' routes require (SPEC §2, Trust boundary). */
export const SCOPES: readonly string[] = providers.flatMap((p) => p.scopes);

const loadSandbox = async () => (await import('./sandbox.ts')).createSandbox;

/** Creates the adapter: config validated, store opened and migrated, routes mounted. */
export function createAdapter(input: AdapterConfigInput | AdapterConfig, deps: Deps = {}): Adapter {
  return createCoreAdapter(input, { providers, ...deps });
}

/** Starts the adapter on Node's http server; used by the CLI, the demo and the tests. */
export function startServer(
  config: AdapterConfigInput | AdapterConfig,
  options: ServerOptions = {},
  deps: Deps & Pick<ServerDeps, 'loadSandbox'> = {},
): Promise<RunningServer> {
  return startCoreServer(config, options, { providers, loadSandbox, ...deps });
}

/** Validates a config object; the error names every bad key. */
export function parseConfig(input: unknown, env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  return core.parseConfig(input, providers, env) as AdapterConfig;
}

/** Every secret value in the config, for the log redactor and the leak tests. */
export const configSecrets = (config: core.AdapterConfig): string[] => core.configSecrets(config, providers);

/** Re-seals every stale value under the current key (`erp-widgets-adapter rekey`). */
export const rekeyStore = (store: Store, crypto: Crypto) => rekeyCoreStore(store, crypto, providers);

export { providers };
export { readConfigFile, ConfigError } from './core/server/config.ts';
export type { Adapter, RunningServer, ServerOptions };
export { ApiError } from './core/server/errors.ts';
export type { Store };
export type { Migration } from './core/server/store/store.ts';
export { openSqliteStore } from './core/server/store/sqlite.ts';
export {
  assertTenant,
  getPrincipal,
  mintPageToken,
  type AuthorizeHook,
  type MintOptions,
  type Principal,
} from './core/server/auth/index.ts';
export type { Events } from './core/server/webhooks/outbox.ts';
