import type { Store } from '../store/store.ts';
import { outcomeOf } from './labels.ts';
import type { Metrics } from './metrics.ts';

const seconds = (since: number) => (performance.now() - since) / 1000;

/** A provider's outgoing fetch, timed by outcome (the body's read is the provider's own). */
export function instrumentFetch(doFetch: typeof fetch, provider: string, metrics: Metrics): typeof fetch {
  if (!metrics.enabled) return doFetch;
  return async (input, init) => {
    const started = performance.now();
    try {
      const res = await doFetch(input, init);
      metrics.upstream(provider, outcomeOf(res), seconds(started));
      return res;
    } catch (err) {
      metrics.upstream(provider, outcomeOf({ error: err }), seconds(started));
      throw err;
    }
  };
}

/** The metrics a store reports lease waits and holds to (leases are given the store, not the adapter). */
const observed = new WeakMap<Store, Metrics>();
export const metricsOfStore = (store: Store): Metrics | undefined => observed.get(store);

/**
 * The store with each call timed: `run`, `get`, `all` outside transactions, and
 * whole transactions and pipelines. Everything else passes through to the store itself.
 */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  if (!metrics.enabled) return store;
  const timed = <T>(op: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    return call().finally(() => metrics.storeQuery(op, seconds(started)));
  };
  const wrapped = Object.create(store) as Store;
  wrapped.run = (sql, params) => timed('run', () => store.run(sql, params));
  wrapped.get = (sql, params) => timed('get', () => store.get(sql, params));
  wrapped.all = (sql, params) => timed('all', () => store.all(sql, params));
  wrapped.transaction = (fn) => timed('transaction', () => store.transaction(fn));
  wrapped.pipeline = (fn) => timed('pipeline', () => store.pipeline(fn));
  observed.set(wrapped, metrics);
  return wrapped;
}
