import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Auth } from './auth/auth.ts';
import type { AdapterConfig } from './config.ts';
import type { Events } from './webhooks/outbox.ts';
import type { Logger } from './logger.ts';
import type { StoreCache } from './cache.ts';
import type { Crypto } from './crypto.ts';
import type { LongPolls } from './limits.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Operation } from './openapi/operation.ts';
import type { Migration, Row, Store } from './store/store.ts';
import type { ProviderSection } from './provider-section.ts';
import type { Metrics } from './ops/metrics.ts';

/** What every provider's routes get from the adapter. */
export interface AdapterContext {
  config: AdapterConfig;
  store: Store;
  cache: StoreCache;
  logger: Logger;
  /** Outgoing HTTP; the sandbox swaps it for in-process fakes. */
  fetch: typeof fetch;
  now: () => number;
  /** Page tokens: `auth.require(scope)` in front of every browser route; `getPrincipal(c)` inside it. */
  auth: Auth;
  /** Webhook outbox: `events.enqueue(tx, type, data)` inside the state change's transaction. */
  events: Events;
  /** Token buckets shared by every instance (in the store). */
  rateLimiter: RateLimiter;
  /** AES-256-GCM at rest with key rotation; `crypto.enabled` is false when no key is configured. */
  crypto: Crypto;
  /** The caller's IP: the peer, or the forwarded client when the peer is a `trustedProxies` entry. */
  clientIp: (c: Context) => string | undefined;
  /** Caps on open long-polls (429 when reached); `stopping` resolves on shutdown. */
  longPolls: LongPolls;
  /**
   * Declares a route once: `browser.post(path, ...ctx.operation(doc, handler))`. The doc is published in
   * /openapi.json, and the same doc guards the route (its page-token scope) and validates its input.
   */
  operation: Operation;
  /** Prometheus metrics (no-ops when off): a provider adds its own series with `counter` and `gauge`; `fetch` is already timed. */
  metrics: Metrics;
}

/** Where a provider mounts its routes. */
export interface ProviderRoutes {
  /** Routes called by the provider itself (callbacks, gates): no CORS. */
  provider: Hono;
  /** Routes called by the element's page: CORS allow-list applies. */
  browser: Hono;
  /** The ERP backend's API, mounted at `/server`: server keys, no CORS, browsers refused. */
  server: Hono;
}

/** The provider's own section of the config (`config.<name>`), as `mount` gets it. */
export interface ProviderSetup<C> {
  /** Undefined when the file has no `config.<name>`: the routes still exist and answer 503 `not_configured`. */
  config: C | undefined;
  /** The one "not configured" guard: returns `value`, or throws 503 `not_configured` naming the config key when it is unset. */
  need<T>(value: T | undefined | null | false): T;
  /**
   * `ctx.operation` for this provider's routes: without its config section they answer 503 `not_configured` (after the
   * page-token check, before the input is read), and their documents list that error.
   */
  operation: Operation;
}

/** A column holding sealed values, with the context (GCM associated data) each row was sealed under. */
export interface SealedColumn {
  table: string;
  keys: string[];
  column: string;
  context: (row: Row) => string;
  /** How the sealed text sits in the column (cache rows hold JSON). */
  shape?: 'plain' | 'cache-json';
}

/** An operator command of the CLI: `erp-widgets-adapter <name> …`. */
export interface ProviderCommand {
  /** One line for the CLI's usage text. */
  usage: string;
  run(argv: string[], providers: readonly ProviderModule[]): Promise<void>;
}

/**
 * One provider's server half: everything the core needs to know about it. `src/<provider>/server/module.ts`
 * exports one, `src/providers.ts` (the composition root) lists them, and nothing in `src/core/` names a provider.
 * Its sandbox half (fakes, fake pages) is a `SandboxModule` in `src/<provider>/sandbox/module.ts`, listed by
 * `src/sandbox.ts`, so production never loads it.
 */
export interface ProviderModule<C = unknown, N extends string = string, I = unknown> extends ProviderSection<C, N, I> {
  /** The OpenAPI tag's description. */
  description: string;
  /** Page-token scopes its routes require. */
  scopes: readonly string[];
  migrations: Migration[];
  /** Every column it seals, re-sealed by `rekey` (the rekey test checks the store for leftovers). */
  sealed: SealedColumn[];
  /** OpenAPI security schemes its routes use beyond the page token and the server key (e.g. a session cookie). */
  securitySchemes?: Record<string, Record<string, unknown>>;
  commands?: Record<string, ProviderCommand>;
  /** Runs once per adapter: build the provider's state, then add routes. */
  mount(routes: ProviderRoutes, ctx: AdapterContext, setup: ProviderSetup<C>): void;
}

/** Types a module from its name and config schema (so the composition root can type `config.<name>`). */
export const defineProvider = <C, const N extends string, I>(module: ProviderModule<C, N, I>): ProviderModule<C, N, I> => module;

type NameOf<P> = P extends { name: infer N extends string } ? N : never;
/** `{ [name]?: parsed section }` of a list of modules. */
export type ProviderConfigsOf<Ps extends readonly unknown[]> = {
  readonly [P in Ps[number] as NameOf<P>]?: P extends { config: { schema: z.ZodType<infer C> } } ? C : never;
};
/** `{ [name]?: section as written }` of a list of modules. */
export type ProviderInputsOf<Ps extends readonly unknown[]> = {
  [P in Ps[number] as NameOf<P>]?: P extends { config: { schema: z.ZodType<unknown, infer I> } } ? I : never;
};
