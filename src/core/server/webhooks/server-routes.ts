import type { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { redactUrl } from '../logger.ts';
import { describeRoute } from '../openapi/describe-route.ts';
import type { Store } from '../store/store.ts';
import { failedDoc, retryDoc } from './route-docs.ts';

type DeadRow = {
  id: string;
  event_type: string;
  endpoint_url: string;
  attempts: number | bigint;
  last_status: number | bigint | null;
  last_error: string | null;
  created_at: number | bigint;
  finished_at: number | bigint | null;
};

const num = (v: number | bigint | null) => (v == null ? null : Number(v));

/** Some receivers take a token in the query string: its values are not repeated here. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${redactUrl(u)}`;
  } catch {
    return '[unparsable]';
  }
}

/**
 * The ERP's view of deliveries that gave up, and the way to send them again
 * (after fixing its receiver). Rows carry no secret; bodies are not listed
 * (they may name people: the ERP reads them when the retry arrives).
 */
export function mountWebhookServerRoutes(
  server: Hono,
  store: Store,
  opts: { now: () => number; retryForSeconds: number; wake: () => void },
) {
  server.get('/webhooks/failed', describeRoute(failedDoc), async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
    const rows = await store.all<DeadRow>(
      `SELECT id, event_type, endpoint_url, attempts, last_status, last_error, created_at, finished_at
       FROM webhook_outbox WHERE status = 'dead' ORDER BY finished_at DESC, id LIMIT ?`,
      [limit],
    );
    return c.json({
      failed: rows.map((r) => ({
        id: r.id,
        type: r.event_type,
        endpoint: shownUrl(r.endpoint_url),
        attempts: Number(r.attempts),
        lastStatus: num(r.last_status),
        lastError: r.last_error,
        createdAt: Number(r.created_at),
        finishedAt: num(r.finished_at),
      })),
    });
  });

  server.post('/webhooks/:id/retry', describeRoute(retryDoc), async (c) => {
    const id = c.req.param('id');
    const t = opts.now();
    // A fresh retry window from now; the same webhook-id, so a receiver that did get it can tell.
    const { changes } = await store.run(
      `UPDATE webhook_outbox SET status = 'pending', next_attempt_at = ?, retry_until = ?, claimed_until = 0, claim_token = NULL, finished_at = NULL
       WHERE id = ? AND status = 'dead'`,
      [t, t + opts.retryForSeconds * 1000, id],
    );
    if (!changes) {
      const row = await store.get<{ status: string }>('SELECT status FROM webhook_outbox WHERE id = ?', [id]);
      if (!row) throw new ApiError(404, 'not_found', 'no webhook delivery with this id');
      throw new ApiError(409, 'webhook_not_dead', `this delivery is ${row.status}, not dead: only dead deliveries are retried`);
    }
    opts.wake();
    return c.json({ id, status: 'pending' }, 202);
  });
}
