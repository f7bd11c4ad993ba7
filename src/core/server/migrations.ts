import { leaseMigrations } from './lease.ts';
import type { ProviderModule } from './provider.ts';
import { rateLimitMigrations } from './rate-limit.ts';
import { cacheMigrations, counterMigrations, type Migration } from './store/store.ts';
import { webhookMigrations } from './webhooks/outbox.ts';

/** The base tables every provider relies on: the cache, leases (single-flight across instances) and counters. */
export const coreMigrations: Migration[] = [...cacheMigrations, ...leaseMigrations, ...counterMigrations];

/**
 * Every migration an adapter with these providers runs, in order: the store's base tables, then the core
 * features (leases, rate limits, the webhook outbox), then each provider's. The store layer itself imports
 * no feature: the list is put together here.
 */
export function adapterMigrations(providers: readonly ProviderModule[]): Migration[] {
  return [...coreMigrations, ...rateLimitMigrations, ...webhookMigrations, ...providers.flatMap((p) => p.migrations)];
}
