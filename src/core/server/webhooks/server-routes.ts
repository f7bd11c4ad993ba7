import type { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { redactUrl } from '../logger.ts';
import * as z from 'zod/mini';
import { operation } from '../openapi/operation.ts';
import { epochMs } from '../openapi/schemas.ts';
import type { Store } from '../store/store.ts';

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

const failedDelivery = z.object({
  /** The webhook-id header value (`msg_…`). */
  id: z.string(),
  /** The event type, e.g. smartbill.signup.completed. */
  type: z.string(),
  endpoint: z.string(),
  attempts: z.number(),
  lastStatus: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  createdAt: epochMs(),
  finishedAt: z.nullable(epochMs()),
});

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
  const failedDoc = {
    summary: 'Webhook deliveries that gave up (after retrying for `webhooks.retryForSeconds`)',
    description: 'Newest first; no bodies (they may name people): a retry delivers the event again.',
    auth: 'serverKey',
    query: z.object({ limit: z.optional(z.string().check(z.regex(/^\d+$/, 'must be a number'))) }),
    responses: {
      200: { description: 'The dead deliveries', body: { name: 'FailedWebhooks', schema: z.object({ failed: z.array(failedDelivery) }) } },
    },
  } as const;
  server.get(
    '/webhooks/failed',
    ...operation(failedDoc, async (c, { query }) => {
      const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 500);
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
    }),
  );

  const retryDoc = {
    summary: 'Send a dead webhook delivery again, with a fresh retry window',
    description: 'Same webhook-id, so a receiver that did get it can tell.',
    auth: 'serverKey',
    params: { id: z.string() },
    responses: {
      202: {
        description: 'Queued',
        body: { name: 'WebhookRetry', schema: z.object({ id: z.string(), status: z.literal('pending') }) },
      },
    },
    errors: { not_found: 404, webhook_not_dead: 409 },
  } as const;
  server.post(
    '/webhooks/:id/retry',
    ...operation(retryDoc, async (c, { params: { id } }) => {
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
    }),
  );
}
