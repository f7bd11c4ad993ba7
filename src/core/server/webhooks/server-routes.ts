import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { operation } from '../openapi/operation.ts';
import { durationMs, epochMs, queryInt } from '../openapi/schemas.ts';
import type { Store } from '../store/store.ts';
import { listDeliveries, retryDead } from './admin.ts';
import { type TestSendResult, testSendSchema } from './test-send.ts';

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

const testResult = z.object({
  endpoint: z.string(),
  id: z.string(),
  ok: z.boolean(),
  status: z.nullable(z.number()),
  error: z.nullable(z.string()),
  ms: durationMs(),
});

/**
 * The ERP's view of deliveries that gave up, the way to send them again (after
 * fixing its receiver), and a test send for its admin screen. Rows carry no
 * secret; bodies are not listed (they may name people: the ERP reads them when
 * the retry arrives).
 */
export function mountWebhookServerRoutes(
  server: Hono,
  store: Store,
  opts: {
    now: () => number;
    retryForSeconds: number;
    wake: () => void;
    sendTest: (type: string, endpoint: string | undefined) => Promise<TestSendResult[]>;
    /** The providers' event types (the test send's example names the first). */
    eventTypes: readonly string[];
  },
) {
  const failedDoc = {
    summary: 'Webhook deliveries that gave up (after retrying for `webhooks.retryForSeconds`)',
    description: 'Newest first; no bodies (they may name people): a retry delivers the event again.',
    auth: 'serverKey',
    query: z.object({ limit: z.optional(queryInt('How many, newest first: 1 to 500, default 100')) }),
    responses: {
      200: { description: 'The dead deliveries', body: { name: 'FailedWebhooks', schema: z.object({ failed: z.array(failedDelivery) }) } },
    },
  } as const;
  server.get(
    '/webhooks/failed',
    ...operation(failedDoc, async (c, { query }) => {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
      const rows = await listDeliveries(store, ['dead'], limit);
      return c.json({
        failed: rows.map(({ id, type, endpoint, attempts, lastStatus, lastError, createdAt, finishedAt }) => ({
          id,
          type,
          endpoint,
          attempts,
          lastStatus,
          lastError,
          createdAt,
          finishedAt,
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
    ...operation(retryDoc, async (c, { params }) => {
      const answer = await retryDead(store, params.id, opts.now(), opts.retryForSeconds);
      opts.wake();
      return c.json(answer, 202);
    }),
  );

  const testDoc = {
    summary: 'Send a signed sample event to your receiver now (a "send a test event" button)',
    description:
      'Signed and posted by the same code as real deliveries, once, not through the outbox (never retried, never dead). ' +
      'The body is `{ "type", "timestamp", "test": true, "data" }` with the event type\'s documented sample `data`; the ' +
      'webhook-id starts with `msg_test_`. Answers 200 with what each receiver answered (`ok` false when it refused).',
    auth: 'serverKey',
    body: { name: 'WebhookTestRequest', schema: testSendSchema, example: { type: opts.eventTypes[0] ?? 'provider.event' } },
    responses: {
      200: {
        description: 'What each endpoint answered',
        body: { name: 'WebhookTestResults', schema: z.object({ results: z.array(testResult) }) },
      },
    },
    errors: { webhook_event_unknown: 400, webhook_endpoint_unknown: 404, webhook_no_endpoint: 409 },
  } as const;
  server.post(
    '/webhooks/test',
    ...operation(testDoc, async (c, { body }) => c.json({ results: await opts.sendTest(body.type, body.endpoint) })),
  );
}
