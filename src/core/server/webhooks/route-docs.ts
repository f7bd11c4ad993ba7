import * as z from 'zod/mini';
import type { OperationDoc } from '../openapi/describe-route.ts';
import { epochMs } from '../openapi/schemas.ts';

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
