import { ApiError } from '../errors.ts';
import { redactUrl } from '../logger.ts';
import type { Store } from '../store/store.ts';

/** The outbox's states: waiting (and retrying), sent, given up. */
export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One outbox row as the server API and the CLI show it: no body (it may name people), no secret. */
export interface DeliveryView {
  id: string;
  type: string;
  endpoint: string;
  status: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  nextAttemptAt: number | null;
  finishedAt: number | null;
}

type Row = {
  id: string;
  event_type: string;
  endpoint_url: string;
  status: string;
  attempts: number | bigint;
  last_status: number | bigint | null;
  last_error: string | null;
  created_at: number | bigint;
  next_attempt_at: number | bigint;
  finished_at: number | bigint | null;
};

const num = (v: number | bigint | null) => (v == null ? null : Number(v));

/** Some receivers take a token in the query string: its values are not repeated here. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${redactUrl(u)}`;
  } catch {
    return '[unparsable]';
  }
}

/** Outbox rows in these states, newest first (dead ones by when they gave up). */
export async function listDeliveries(store: Store, states: readonly DeliveryState[], limit: number): Promise<DeliveryView[]> {
  const rows = await store.all<Row>(
    `SELECT id, event_type, endpoint_url, status, attempts, last_status, last_error, created_at, next_attempt_at, finished_at
     FROM webhook_outbox WHERE status IN (${states.map(() => '?').join(', ')})
     ORDER BY CASE WHEN finished_at IS NULL THEN created_at ELSE finished_at END DESC, id LIMIT ?`,
    [...states, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.event_type,
    endpoint: shownUrl(r.endpoint_url),
    status: r.status as DeliveryState,
    attempts: Number(r.attempts),
    lastStatus: num(r.last_status),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    nextAttemptAt: r.status === 'pending' ? Number(r.next_attempt_at) : null,
    finishedAt: num(r.finished_at),
  }));
}

/**
 * Makes a dead delivery pending again with a fresh retry window from now; the same webhook-id, so a receiver
 * that did get it can tell. 404 for an unknown id, 409 `webhook_not_dead` for one that is pending or delivered.
 * The caller wakes the delivery loops (a store notification reaches every instance).
 */
export async function retryDead(
  store: Store,
  id: string,
  now: number,
  retryForSeconds: number,
): Promise<{ id: string; status: 'pending' }> {
  const { changes } = await store.run(
    `UPDATE webhook_outbox SET status = 'pending', next_attempt_at = ?, retry_until = ?, claimed_until = 0, claim_token = NULL, finished_at = NULL
     WHERE id = ? AND status = 'dead'`,
    [now, now + retryForSeconds * 1000, id],
  );
  if (!changes) {
    const row = await store.get<{ status: string }>('SELECT status FROM webhook_outbox WHERE id = ?', [id]);
    if (!row) throw new ApiError(404, 'not_found', 'no webhook delivery with this id');
    throw new ApiError(409, 'webhook_not_dead', `this delivery is ${row.status}, not dead: only dead deliveries are retried`);
  }
  return { id, status: 'pending' };
}
