import * as z from 'zod/mini';
import type { OperationDoc } from '../openapi/describe-route.ts';
import { epochMs } from '../openapi/schemas.ts';
import { testSendSchema } from './test-send.ts';

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

export const failedDoc = (): OperationDoc => ({
  summary: 'Webhook deliveries that gave up (after retrying for `webhooks.retryForSeconds`)',
  description: 'Newest first; no bodies (they may name people): a retry delivers the event again.',
  auth: 'serverKey',
  query: z.object({ limit: z.optional(z.string().check(z.regex(/^\d+$/))) }),
  responses: {
    200: { description: 'The dead deliveries', body: { name: 'FailedWebhooks', schema: z.object({ failed: z.array(failedDelivery) }) } },
  },
});

export const retryDoc = (): OperationDoc => ({
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
});

export const testDoc = (): OperationDoc => ({
  summary: 'Send a signed sample event to your receiver now (a "send a test event" button)',
  description:
    'Signed and posted by the same code as real deliveries, once, not through the outbox (never retried, never dead). ' +
    'The body is `{ "type", "timestamp", "test": true, "data" }` with the event type\'s documented sample `data`; the ' +
    'webhook-id starts with `msg_test_`. Answers 200 with what each receiver answered (`ok` false when it refused).',
  auth: 'serverKey',
  body: {
    name: 'WebhookTestRequest',
    schema: testSendSchema,
    example: { type: 'smartbill.signup.completed' },
  },
  responses: {
    200: {
      description: 'What each endpoint answered',
      body: {
        name: 'WebhookTestResults',
        schema: z.object({
          results: z.array(
            z.object({
              endpoint: z.string(),
              id: z.string(),
              ok: z.boolean(),
              status: z.nullable(z.number()),
              error: z.nullable(z.string()),
              ms: z.number(),
            }),
          ),
        }),
      },
    },
  },
  errors: { webhook_event_unknown: 400, webhook_endpoint_unknown: 404, webhook_no_endpoint: 409 },
});
