import type { Store } from '../adapter/store/store.ts';

const running = new WeakMap<Store, Map<string, Promise<unknown>>>();

/**
 * GET_TOKEN runs once at a time per business number + SBID: concurrent
 * callers share the one in flight. In-process for now; the cross-instance
 * lease (src/adapter/lease.ts) replaces the body of this function.
 */
export function singleFlight<T>(store: Store, name: string, fn: () => Promise<T>): Promise<T> {
  let local = running.get(store);
  if (!local) running.set(store, (local = new Map()));
  const inflight = local.get(name);
  if (inflight) return inflight as Promise<T>;
  const p = fn().finally(() => local.delete(name));
  local.set(name, p);
  return p;
}
