import type { Context, Hono } from 'hono';
import type { Auth } from './auth/auth.ts';
import type { AdapterConfig } from './config.ts';
import type { Events } from './webhooks/outbox.ts';
import type { Logger } from './logger.ts';
import type { StoreCache } from './cache.ts';
import type { Crypto } from './crypto.ts';
import type { LongPolls } from './limits.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Migration, Store } from './store/store.ts';
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

/**
 * One provider's server half. `src/<provider>/adapter.ts` exports one of these
 * and `providers.ts` lists them; nothing else in `src/adapter/` names a provider.
 * `mount` runs once per adapter: build the provider's state there, then add routes.
 */
export interface ProviderModule {
  name: string;
  migrations: Migration[];
  mount(routes: ProviderRoutes, ctx: AdapterContext): void;
}
