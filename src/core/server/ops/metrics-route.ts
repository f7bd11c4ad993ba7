import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { bearerToken } from '../auth/bearer.ts';
import { operation } from '../openapi/operation.ts';
import type { Store } from '../store/store.ts';
import type { Metrics } from './metrics.ts';

const metricsDoc = {
  summary: 'Prometheus metrics (text exposition format)',
  description:
    'Only when the config sets `metrics.token` (and no `metrics.listen`): `Authorization: Bearer <metrics token>`. ' +
    'Series and alerts: docs/operations.md.',
  auth: 'metricsToken',
  responses: { 200: { description: 'Prometheus text format 0.0.4', contentType: 'text/plain; version=0.0.4; charset=utf-8' } },
} as const;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether `Authorization` carries the metrics token (constant time). */
export function metricsTokenOk(authorization: string | undefined, token: string): boolean {
  const given = bearerToken(authorization);
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** `GET /metrics` on the adapter's own address, behind its own token. */
export function mountMetricsRoute(app: Hono, metrics: Metrics, token: string): void {
  app.get(
    '/metrics',
    ...operation(metricsDoc, async (c) => {
      const header = c.req.header('authorization');
      if (!header) throw new ApiError(401, 'metrics_token_missing', '/metrics needs Authorization: Bearer <metrics token>');
      if (!metricsTokenOk(header, token)) throw new ApiError(401, 'metrics_token_invalid', 'this metrics token is not valid');
      const { contentType, body } = await metrics.scrape();
      return c.body(body, 200, { 'Content-Type': contentType });
    }),
  );
}

type OutboxRow = { status: string; n: number | bigint; oldest: number | bigint | null };

/**
 * The webhook outbox as gauges, read from the store when scraped (one query per
 * scrape, shared by the three). The outbox is shared by every instance: alert on
 * `max()` of these across instances, not `sum()`.
 */
export function outboxGauges(metrics: Metrics, store: Store, now: () => number): void {
  let read: { at: number; rows: Promise<OutboxRow[]> } | undefined;
  const rows = () => {
    const t = Date.now();
    if (!read || t - read.at > 1_000) {
      read = {
        at: t,
        rows: store.all<OutboxRow>(
          `SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM webhook_outbox WHERE status IN ('pending', 'dead') GROUP BY status`,
        ),
      };
    }
    return read.rows;
  };
  const of = async (status: string) => (await rows()).find((r) => r.status === status);
  metrics.gauge({
    name: 'erp_widgets_webhook_outbox_pending',
    help: 'Webhook deliveries waiting to be sent or retried (all instances)',
    collect: async () => Number((await of('pending'))?.n ?? 0),
  });
  metrics.gauge({
    name: 'erp_widgets_webhook_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending webhook delivery, 0 when none (all instances)',
    collect: async () => {
      const oldest = (await of('pending'))?.oldest;
      return oldest == null ? 0 : Math.max(0, (now() - Number(oldest)) / 1000);
    },
  });
  metrics.gauge({
    name: 'erp_widgets_webhook_outbox_dead',
    help: 'Webhook deliveries that gave up (GET /server/webhooks/failed; retry them after fixing the receiver)',
    collect: async () => Number((await of('dead'))?.n ?? 0),
  });
}
