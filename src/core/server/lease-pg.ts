import { createHash, randomUUID } from 'node:crypto';
import { AdapterClosingError, ApiError } from './errors.ts';
import { failureOutcome, type Lease, type Outcome, settle, type SingleFlightOptions } from './lease-outcome.ts';
import type { Store } from './store/store.ts';

/**
 * Leases on PostgreSQL: a transaction-scoped advisory lock instead of a row
 * that waiters poll. PostgreSQL frees the lock when the holder's transaction
 * ends, or at once when its connection dies (kill -9); the holder commits its
 * outcome and a store notification together, so waiters on every instance
 * wake when it finishes rather than every 25 ms.
 */

/** Store notification channel; the payload is the lease name. */
export const LEASE_CHANNEL = 'lease';

const schemas = new WeakMap<Store, Promise<string>>();

/** Advisory locks are per database: the schema is part of the key, so two schemas' leases of one name stay apart. */
async function lockKey(store: Store, name: string): Promise<string> {
  let schema = schemas.get(store);
  if (!schema) {
    schema = store.get<{ s: string }>('SELECT current_schema() AS s').then((r) => r?.s ?? '');
    schemas.set(store, schema);
  }
  return createHash('sha256')
    .update(`${await schema}\0${name}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

type Held<T> = { acquired: false } | { acquired: true; outcome: Outcome; value?: T; error?: unknown };

/**
 * Runs `fn` inside a transaction holding `pg_try_advisory_xact_lock`, or returns
 * `{ acquired: false }` at once. A holder idle in that transaction for longer
 * than its TTL (hung, or its process frozen) is disconnected by the server
 * (`idle_in_transaction_session_timeout`), which frees the lock as a row
 * lease's expiry would; `renew` pushes that limit out.
 */
async function hold<T>(
  store: Store,
  name: string,
  ttlMs: number,
  fn: (lease: Lease) => Promise<T>,
  record?: { keepMs: number; now: () => number },
): Promise<Held<T>> {
  const key = await lockKey(store, name);
  let held = { acquired: false } as Held<T>; // set inside the transaction
  try {
    await store.transaction(async (tx) => {
      const got = await tx.get<{ got: number }>('SELECT CASE WHEN pg_try_advisory_xact_lock(?) THEN 1 ELSE 0 END AS got', [key]);
      if (got?.got !== 1) return;
      const limit = (ms: number) =>
        tx.get("SELECT set_config('idle_in_transaction_session_timeout', ?, true) AS v", [String(Math.max(1, Math.ceil(ms)))]);
      await limit(ttlMs);
      const lease: Lease = {
        name,
        holder: randomUUID(),
        renew: (ms) =>
          limit(ms).then(
            () => true,
            () => false,
          ),
      };
      try {
        const value = await fn(lease);
        held = { acquired: true, outcome: { ok: true, value: value === undefined ? null : value }, value };
      } catch (err) {
        held = { acquired: true, outcome: failureOutcome(err), error: err };
      }
      if (!record) return;
      if (held.error instanceof AdapterClosingError) {
        // Stopped by the adapter's close: no outcome; the lock goes with this transaction and waiters take it over.
        tx.notify(LEASE_CHANNEL, name);
        return;
      }
      // The outcome, for waiters, commits with the lock's release and the notification that wakes them.
      await tx.run(
        `INSERT INTO leases (lease_name, holder, state, expires_at, outcome) VALUES (?, ?, 'done', ?, ?)
         ON CONFLICT (lease_name) DO UPDATE SET holder = excluded.holder, state = excluded.state,
           expires_at = excluded.expires_at, outcome = excluded.outcome`,
        [name, lease.holder, Math.floor(record.now() + record.keepMs), JSON.stringify(held.outcome)],
      );
      tx.notify(LEASE_CHANNEL, name);
    });
  } catch (err) {
    // The work ran but did not commit (the lease was lost: past its TTL, or the connection went): its result
    // still stands for this caller; waiters elsewhere took the lease over.
    if (!held.acquired) throw err;
  }
  return held;
}

function unwrap<T>(held: Held<T> & { acquired: true }): T {
  if (!held.outcome.ok) throw held.error;
  return held.value as T;
}

export async function withAdvisoryLease<T>(
  store: Store,
  name: string,
  ttlMs: number,
  fn: (lease: Lease) => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const held = await hold(store, name, ttlMs, fn);
  return held.acquired ? { acquired: true, value: unwrap(held) } : { acquired: false };
}

type Row = { holder: string; state: string; outcome: string | null };
const readRow = (store: Store, name: string) => store.get<Row>('SELECT holder, state, outcome FROM leases WHERE lease_name = ?', [name]);

/**
 * One participant of `singleFlight` on PostgreSQL: takes the lock and does the
 * work, or waits for a notification that a holder finished after this call
 * began and takes its outcome. A holder that died sends no notification, so a
 * waiter also re-tries the lock every `recheckMs` (default 1 s).
 */
export async function participateAdvisory<T>(
  store: Store,
  name: string,
  opts: SingleFlightOptions,
  fn: (lease: Lease) => Promise<T>,
): Promise<T> {
  const record = { keepMs: opts.keepOutcomeMs ?? 5_000, now: opts.now ?? Date.now };
  const recheckMs = opts.recheckMs ?? 1_000;
  const deadline = Date.now() + (opts.waitMs ?? opts.ttlMs + 1_000);
  let wake = () => {};
  // A null payload means notifications may have been missed (the listener reconnected): look again.
  const unlisten = store.listen(LEASE_CHANNEL, (payload) => (payload === null || payload === name) && wake());
  try {
    // Outcomes of holders that finished before this call are not ours to take. Read at once, not after the listener is
    // up: a holder finishing in between is seen by the first look at the row below.
    const [row] = await Promise.all([readRow(store, name), store.listening()]);
    const before = row?.holder;
    const finished = async () => {
      const row = await readRow(store, name);
      return row && row.holder !== before && row.state === 'done' && row.outcome ? (JSON.parse(row.outcome) as Outcome) : undefined;
    };
    for (;;) {
      const woken = new Promise<void>((r) => (wake = r));
      // A holder that finished since this call began (what woke it): its outcome, without taking the lock again.
      let outcome = await finished();
      if (outcome) return settle<T>(name, outcome);
      const held = await hold(store, name, opts.ttlMs, fn, record);
      if (held.acquired) return unwrap(held);
      outcome = await finished();
      if (outcome) return settle<T>(name, outcome);
      const left = deadline - Date.now();
      if (left <= 0) throw new ApiError(503, 'lease_timeout', `waited too long for "${name}" on another instance`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([woken, new Promise<void>((r) => (timer = setTimeout(r, Math.min(recheckMs, left))))]);
      clearTimeout(timer);
    }
  } finally {
    unlisten();
  }
}
