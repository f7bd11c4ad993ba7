import { ApiError } from './errors.ts';

// What both lease paths share: the row lease (lease.ts) and PostgreSQL's advisory lock (lease-pg.ts).

export interface Lease {
  readonly name: string;
  /** Random per acquisition: only this holder can renew, finish or release the row. */
  readonly holder: string;
  /** Pushes the expiry out by `ttlMs` from now; false when the lease was lost (expired and taken). */
  renew(ttlMs: number): Promise<boolean>;
}

export interface Clock {
  now?: () => number;
}

export interface SingleFlightOptions extends Clock {
  /** How long the holder may work before another instance may take over (it died, or hangs). */
  ttlMs: number;
  /** How long a waiter waits for the holder's outcome before giving up (default ttlMs + 1 s). */
  waitMs?: number;
  /** SQLite: how often a waiter re-reads the row (default 25 ms). */
  pollMs?: number;
  /** PostgreSQL: how often a waiter re-tries the lock in case the holder died without a word (default 1 s); otherwise it is woken. */
  recheckMs?: number;
  /** How long the outcome stays readable after the holder finished (default 5 s). */
  keepOutcomeMs?: number;
}

/** What a lease holder leaves in its row for the waiters: its value, or its error (an ApiError keeps status and code). */
export type Outcome = { ok: true; value: unknown } | { ok: false; status?: number; code?: string; message: string };

/** What a waiter gets when the holder failed with an error that was not an ApiError. */
export class LeaseHolderError extends Error {
  constructor(name: string, message: string) {
    super(`lease "${name}": the holder failed: ${message}`);
    this.name = 'LeaseHolderError';
  }
}

export function failureOutcome(err: unknown): Outcome {
  return err instanceof ApiError
    ? { ok: false, status: err.status, code: err.code, message: err.message ?? '' }
    : { ok: false, message: (err as Error)?.name ?? 'Error' };
}

/** The holder's value, or its error rethrown in this waiter. */
export function settle<T>(name: string, outcome: Outcome): T {
  if (outcome.ok) return outcome.value as T;
  if (outcome.status && outcome.code) throw new ApiError(outcome.status as ApiError['status'], outcome.code, outcome.message);
  throw new LeaseHolderError(name, outcome.message);
}
