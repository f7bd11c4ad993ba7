import { randomUUID } from 'node:crypto';
import { AdapterClosingError, ApiError } from './errors.ts';
import { participateAdvisory, withAdvisoryLease } from './lease-pg.ts';
import { type Clock, failureOutcome, type Lease, type Outcome, settle, type SingleFlightOptions } from './lease-outcome.ts';
import { metricsOfStore } from './ops/instrument.ts';
import { leaseKind } from './ops/labels.ts';
import type { Migration, Store } from './store/store.ts';

export { type Lease, LeaseHolderError, type SingleFlightOptions } from './lease-outcome.ts';

/**
 * Cross-instance leases: one row per name in the store, so one piece of work
 * (an Ecount login, a SmartBill GET_TOKEN, an Iamport token) runs on one
 * adapter instance at a time while the others wait for its result.
 *
 * A lease is held until its holder releases it or `expires_at` passes (a
 * holder that died frees the lease after its TTL). The holder writes its
 * outcome into the row; waiters read that outcome instead of repeating the
 * work. Portable SQL only (`?` placeholders, ON CONFLICT … DO UPDATE … WHERE
 * runs on SQLite ≥ 3.24 and PostgreSQL ≥ 9.5).
 *
 * That row is SQLite's path. Where the store has advisory locks (PostgreSQL) `withLease` and `singleFlight` hold
 * an advisory lock instead and wake waiters by notification (lease-pg.ts); the
 * row then only carries the holder's outcome.
 */
export const leaseMigrations: Migration[] = [
  {
    id: 'core/002-leases',
    sql: `CREATE TABLE IF NOT EXISTS leases (
      lease_name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      state TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      outcome TEXT
    )`,
  },
];

/**
 * Takes the lease if nobody holds it (or the holder's TTL ran out).
 * Returns undefined when someone else holds it.
 */
export async function acquireLease(store: Store, name: string, ttlMs: number, opts: Clock = {}): Promise<Lease | undefined> {
  const now = opts.now ?? Date.now;
  const holder = randomUUID();
  const t = now();
  const { changes } = await store.run(
    `INSERT INTO leases (lease_name, holder, state, expires_at, outcome) VALUES (?, ?, 'held', ?, NULL)
     ON CONFLICT (lease_name) DO UPDATE SET holder = excluded.holder, state = 'held', expires_at = excluded.expires_at, outcome = NULL
     WHERE leases.state <> 'held' OR leases.expires_at <= ?`,
    [name, holder, Math.floor(t + ttlMs), Math.floor(t)],
  );
  if (changes !== 1) return undefined;
  return {
    name,
    holder,
    async renew(ms: number) {
      const r = await store.run(`UPDATE leases SET expires_at = ? WHERE lease_name = ? AND holder = ? AND state = 'held'`, [
        Math.floor(now() + ms),
        name,
        holder,
      ]);
      return r.changes === 1;
    },
  };
}

/** Frees the lease without an outcome (waiters then try to take it themselves). */
export async function releaseLease(store: Store, lease: Lease): Promise<void> {
  await store.run(`DELETE FROM leases WHERE lease_name = ? AND holder = ?`, [lease.name, lease.holder]);
}

async function finish(store: Store, lease: Lease, outcome: Outcome, keepMs: number, now: () => number) {
  // The row stays 'done' for keepMs so waiters can read the outcome; after that it is just a free lease.
  await store.run(`UPDATE leases SET state = 'done', outcome = ?, expires_at = ? WHERE lease_name = ? AND holder = ?`, [
    JSON.stringify(outcome),
    Math.floor(now() + keepMs),
    lease.name,
    lease.holder,
  ]);
}

/**
 * Runs `fn` only if this call gets the lease; otherwise returns `{ acquired: false }` at once.
 * The lease is released afterwards whatever happens.
 */
export async function withLease<T>(
  store: Store,
  name: string,
  ttlMs: number,
  fn: (lease: Lease) => Promise<T>,
  opts: Clock = {},
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const work = timedLease(store, name, fn);
  try {
    if (store.advisoryLocks) return await withAdvisoryLease(store, name, ttlMs, work.fn);
    const lease = await acquireLease(store, name, ttlMs, opts);
    if (!lease) return { acquired: false };
    try {
      return { acquired: true, value: await work.fn(lease) };
    } finally {
      await releaseLease(store, lease);
    }
  } finally {
    work.done();
  }
}

/**
 * Lease metrics, when the store reports to some: the wait (from the call until this
 * caller holds the lease, or until it has the holder's outcome) and the hold (the work).
 */
function timedLease<T>(store: Store, name: string, fn: (lease: Lease) => Promise<T>) {
  const metrics = metricsOfStore(store);
  if (!metrics) return { fn, done: () => {} };
  const kind = leaseKind(name);
  const started = performance.now();
  let acquired: number | undefined;
  return {
    fn: async (lease: Lease) => {
      acquired = performance.now();
      metrics.leaseWait(kind, (acquired - started) / 1000);
      try {
        return await fn(lease);
      } finally {
        metrics.leaseHold(kind, (performance.now() - acquired) / 1000);
      }
    },
    /** A caller that never held the lease waited all along (for the holder's outcome, or in vain). */
    done: () => {
      if (acquired === undefined) metrics.leaseWait(kind, (performance.now() - started) / 1000);
    },
  };
}

const inProcess = new WeakMap<Store, Map<string, Promise<unknown>>>();

/**
 * Single-flight across instances: exactly one caller (over every instance
 * sharing the store) runs `fn`; every concurrent caller gets its result, or
 * its error (an ApiError keeps its status, code and message). The result is
 * written to the store as JSON, so return only what may be stored in clear
 * (e.g. "done", then re-read your own encrypted row).
 *
 * Callers in one process share one store participant. `fn` should re-check
 * whatever made the caller want the work (double-checked locking): the
 * previous holder may have just finished it.
 */
export function singleFlight<T>(store: Store, name: string, opts: SingleFlightOptions, fn: (lease: Lease) => Promise<T>): Promise<T> {
  let local = inProcess.get(store);
  if (!local) inProcess.set(store, (local = new Map<string, Promise<unknown>>()));
  const running = local.get(name);
  if (running) return running as Promise<T>;
  const work = timedLease(store, name, fn);
  const p = (store.advisoryLocks ? participateAdvisory(store, name, opts, work.fn) : participate(store, name, opts, work.fn)).finally(
    () => {
      work.done();
      local.delete(name);
    },
  );
  local.set(name, p);
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function participate<T>(store: Store, name: string, opts: SingleFlightOptions, fn: (lease: Lease) => Promise<T>): Promise<T> {
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 25;
  const keepMs = opts.keepOutcomeMs ?? 5_000;
  const deadline = Date.now() + (opts.waitMs ?? opts.ttlMs + 1_000);
  for (;;) {
    const lease = await acquireLease(store, name, opts.ttlMs, { now });
    if (lease) {
      let value: T;
      try {
        value = await fn(lease);
      } catch (err) {
        // Stopped by the adapter's close: free the lease for another instance instead of leaving it this error.
        if (err instanceof AdapterClosingError) await releaseLease(store, lease).catch(() => undefined);
        else await finish(store, lease, failureOutcome(err), keepMs, now).catch(() => undefined);
        throw err;
      }
      await finish(store, lease, { ok: true, value: value === undefined ? null : value }, keepMs, now);
      return value;
    }
    // Someone holds it: follow that holder's generation until it has an outcome.
    const seen = await store.get<{ holder: string }>(`SELECT holder FROM leases WHERE lease_name = ?`, [name]);
    if (!seen) continue;
    for (;;) {
      if (Date.now() > deadline) throw new ApiError(503, 'lease_timeout', `waited too long for "${name}" on another instance`);
      const row = await store.get<{ holder: string; state: string; expires_at: number | bigint | string; outcome: string | null }>(
        `SELECT holder, state, expires_at, outcome FROM leases WHERE lease_name = ?`,
        [name],
      );
      if (!row || row.holder !== seen.holder) break; // released, or a newer generation: go round again
      if (row.state === 'done' && row.outcome) return settle<T>(name, JSON.parse(row.outcome) as Outcome);
      if (Number(row.expires_at) <= now()) break; // the holder died: take over
      await sleep(pollMs);
    }
  }
}
