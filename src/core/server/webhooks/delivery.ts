import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { outcomeOf } from '../ops/labels.ts';
import { type Metrics, noMetrics } from '../ops/metrics.ts';
import type { Store } from '../store/store.ts';
import { endpointSecrets, type WebhookEndpoint, type WebhooksConfig } from './config-schema.ts';
import { WEBHOOK_CHANNEL } from './outbox.ts';
import { signedHeaders } from './signing.ts';

export interface DeliveryOptions {
  store: Store;
  config: WebhooksConfig;
  /** The network (or the sandbox's fake receiver); called with `redirect: 'manual'`. */
  fetch: typeof fetch;
  now: () => number;
  logger: Logger;
  /** First retry after about this long, doubling each time (capped at 6 h). */
  retryBaseMs?: number;
  /** Longest sleep between passes: rows other instances enqueued, or claims that expired. */
  pollMs?: number;
  metrics?: Metrics;
}

export interface Delivery {
  /** Run a pass now (new rows, a retry). */
  wake(): void;
  /** Stops the loop: in-flight posts are aborted and left claimed, so a restart sends them again (at least once). */
  stop(): Promise<void>;
}

type Claimed = {
  id: string;
  endpoint_url: string;
  event_type: string;
  body: string;
  created_at: number | bigint;
  attempts: number | bigint;
  retry_until: number | bigint | null;
  request_id: string | null;
};

const BATCH = 10;
const MAX_DELAY_MS = 6 * 3600_000;

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so many failed rows don't retry in step. */
export function backoffMs(attempt: number, baseMs: number): number {
  const d = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
  return Math.round(d / 2 + Math.random() * (d / 2));
}

/** What a failure is kept as: a status or a short cause, never the receiver's body (it is not ours to store). */
function failure(err: unknown, timeoutMs: number): string {
  const name = (err as Error)?.name;
  if (name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const code = ((err as { cause?: { code?: unknown } })?.cause?.code ?? '') as string;
  return `could not connect${code ? ` (${code})` : ''}`;
}

export interface PostResult {
  ok: boolean;
  status: number | null;
  /** A status or a short cause, never the receiver's body. */
  error: string | null;
  /** For metrics: ok, redirect, http_<status>, timeout, network_error. */
  outcome: string;
}

/**
 * One signed POST of a webhook body (Standard Webhooks headers, no redirects
 * followed, a timeout): what the outbox's loop sends and what a test send sends.
 * Throws only when `signal` was aborted (the loop is stopping).
 */
export async function postSigned(o: {
  fetch: typeof fetch;
  endpoint: Pick<WebhookEndpoint, 'url' | 'secret'>;
  id: string;
  body: string;
  timestampSeconds: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The request that caused the event (or asked for the test send), for the receiver's logs. */
  requestId?: string | null | undefined;
}): Promise<PostResult> {
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'erp-widgets-webhooks',
    ...(o.requestId ? { 'x-request-id': o.requestId } : {}),
    ...signedHeaders(endpointSecrets(o.endpoint), o.id, o.timestampSeconds, o.body),
  };
  const timeout = AbortSignal.timeout(o.timeoutMs);
  try {
    const res = await o.fetch(o.endpoint.url, {
      method: 'POST',
      headers,
      body: o.body,
      // A 3xx is a failure: following it would send a signed payload wherever the receiver (or an attacker) points.
      redirect: 'manual',
      signal: o.signal ? AbortSignal.any([timeout, o.signal]) : timeout,
    });
    await res.body?.cancel().catch(() => undefined);
    const outcome = outcomeOf(res);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null, outcome };
    const redirect = res.status >= 300 && res.status < 400;
    return {
      ok: false,
      status: res.status,
      error: redirect ? `redirect (HTTP ${res.status}) not followed` : `HTTP ${res.status}`,
      outcome,
    };
  } catch (err) {
    if (o.signal?.aborted) throw err;
    return { ok: false, status: null, error: failure(err, o.timeoutMs), outcome: outcomeOf({ error: err }) };
  }
}

/**
 * The outbox's sender: claims due rows, POSTs each signed, records the outcome.
 * A claim is atomic (one UPDATE … RETURNING; on PostgreSQL the candidate rows
 * are also locked with SKIP LOCKED), so adapter instances sharing a store never
 * send the same row at once; a claim that outlives its holder (kill -9) expires
 * and the row is sent again.
 */
export function startDelivery(o: DeliveryOptions): Delivery {
  const { store, config, logger, now } = o;
  const metrics = o.metrics ?? noMetrics;
  const retryBaseMs = o.retryBaseMs ?? 5_000;
  const pollMs = o.pollMs ?? 5_000;
  // The post's own timeout plus room to record the outcome.
  const claimMs = config.timeoutMs + 5_000;
  const stopping = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;

  const claimSql = `UPDATE webhook_outbox SET claimed_until = ?, claim_token = ?
    WHERE id IN (SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ?
                 ORDER BY next_attempt_at LIMIT ${BATCH} ${store.skipLocked})
      AND status = 'pending' AND claimed_until < ?
    RETURNING id, endpoint_url, event_type, body, created_at, attempts, retry_until, request_id`;

  async function claim(): Promise<{ rows: Claimed[]; token: string }> {
    const t = now();
    const token = randomUUID();
    // A read first: most wakes find nothing due, and a write transaction (an fsync on SQLite) would be wasted on them.
    const due = await store.get(
      "SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ? LIMIT 1",
      [t, t],
    );
    if (!due) return { rows: [], token };
    const rows = await store.transaction((tx) => tx.all<Claimed>(claimSql, [t + claimMs, token, t, t, t]));
    return { rows, token };
  }

  async function post(row: Claimed): Promise<PostResult> {
    const endpoint = config.endpoints.find((e) => e.url === row.endpoint_url);
    if (!endpoint) return { ok: false, status: null, error: 'endpoint no longer configured', outcome: 'endpoint_removed' };
    return postSigned({
      fetch: o.fetch,
      endpoint,
      id: row.id,
      body: row.body,
      timestampSeconds: Math.floor(now() / 1000),
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
      requestId: row.request_id,
    });
  }

  async function deliver(row: Claimed, token: string): Promise<void> {
    let result: Awaited<ReturnType<typeof post>>;
    try {
      result = await post(row);
    } catch (err) {
      // Stopped mid-post: hand the row back now rather than when the claim expires (it may have arrived: at least once).
      await store.run('UPDATE webhook_outbox SET claimed_until = 0, claim_token = NULL WHERE id = ? AND claim_token = ?', [row.id, token]);
      throw err;
    }
    const t = now();
    const attempts = Number(row.attempts) + 1;
    const origin = new URL(row.endpoint_url).origin;
    if (result.ok) {
      metrics.webhookDelivery(result.outcome, false);
      await store.run(
        `UPDATE webhook_outbox SET status = 'delivered', attempts = ?, claimed_until = 0, claim_token = NULL,
         last_status = ?, last_error = NULL, finished_at = ? WHERE id = ? AND claim_token = ?`,
        [attempts, result.status, t, row.id, token],
      );
      return;
    }
    const deadline = row.retry_until != null ? Number(row.retry_until) : Number(row.created_at) + config.retryForSeconds * 1000;
    // The last try lands on the deadline itself; once it is reached the row is dead.
    const dead = t >= deadline || result.error === 'endpoint no longer configured';
    const next = Math.min(t + backoffMs(attempts, retryBaseMs), deadline);
    metrics.webhookDelivery(result.outcome, dead);
    await store.run(
      `UPDATE webhook_outbox SET status = ?, attempts = ?, next_attempt_at = ?, claimed_until = 0, claim_token = NULL,
       last_status = ?, last_error = ?, finished_at = ? WHERE id = ? AND claim_token = ?`,
      [dead ? 'dead' : 'pending', attempts, next, result.status, result.error, dead ? t : null, row.id, token],
    );
    logger.warn(dead ? 'webhook dead' : 'webhook delivery failed', {
      id: row.id,
      type: row.event_type,
      endpoint: origin,
      attempt: attempts,
      error: result.error,
      ...(row.request_id ? { requestId: row.request_id } : {}),
    });
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const { rows, token } = await claim();
      // allSettled: every row's outcome is written before a pass ends (stop() waits for that before the store closes).
      const failed = (await Promise.allSettled(rows.map((r) => deliver(r, token)))).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (rows.length < BATCH) break;
    }
    // Sleep until the earliest retry, but never longer than pollMs (rows from other instances, expired claims).
    // A row claimed by a process that died is due when its claim runs out.
    const t = now();
    const next = await store.get<{ at: number | bigint | null }>(
      `SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) AS at
       FROM webhook_outbox WHERE status = 'pending'`,
    );
    schedule(next?.at == null ? pollMs : Math.max(0, Math.min(Number(next.at) - t, pollMs)));
  }

  function schedule(ms: number) {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(wake, ms);
    timer.unref();
  }

  function wake() {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    clearTimeout(timer);
    pass = drain()
      .catch((err: unknown) => {
        if (stopped) return;
        logger.warn('webhooks: delivery pass failed', { message: (err as Error).message });
        schedule(pollMs);
      })
      .finally(() => {
        pass = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  // Enqueues on any instance sharing the store wake this loop once they commit.
  const unlisten = store.listen(WEBHOOK_CHANNEL, () => wake());
  wake();

  return {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unlisten();
      stopping.abort();
      await pass;
    },
  };
}
