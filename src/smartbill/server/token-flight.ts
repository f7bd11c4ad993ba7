import { singleFlight as leaseFlight } from '../../core/server/lease.ts';
import type { Store } from '../../core/server/store/store.ts';

/**
 * GET_TOKEN runs once at a time per business number + SBID, across every
 * adapter instance sharing the store (a lease row): concurrent callers wait
 * for the one in flight. `fn` returns nothing: the new token is re-read,
 * encrypted, from the store.
 */
export function singleFlight(store: Store, name: string, fn: () => Promise<void>): Promise<void> {
  return leaseFlight(store, name, { ttlMs: 30_000 }, () => fn());
}
