import { ApiError } from './errors.ts';

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
