import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import * as zm from 'zod/mini';
import { ApiError } from '../errors.ts';
import { currentRequestId } from '../request-scope.ts';
import { shownUrl } from './admin.ts';
import type { WebhooksConfig } from './config-schema.ts';
import { postSigned } from './delivery.ts';

export const testSendSchema = zm.strictObject({
  /** A documented event type, e.g. smartbill.signup.completed. */
  type: zm.string().check(zm.minLength(1)),
  /** One of webhooks.endpoints[].url; all endpoints that take the type when omitted. */
  endpoint: zm.optional(zm.string()),
});

export interface TestSendResult {
  endpoint: string;
  /** The webhook-id it was sent with (`msg_test_…`). */
  id: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  ms: number;
}

/** Every provider's webhook events: type → the schema of its `data`. */
export const eventsOf = (providers: readonly { events: Record<string, z.ZodType> }[]): Record<string, z.ZodType> =>
  Object.assign({}, ...providers.map((p) => p.events)) as Record<string, z.ZodType>;

/** An event's sample `data`: the first example its schema declares (`.meta({ examples })`), checked against it. */
export function sampleOf(type: string, schema: z.ZodType): unknown {
  const example = (schema.meta() as { examples?: unknown[] } | undefined)?.examples?.[0];
  if (example === undefined) throw new ApiError(500, 'internal_error', `the event ${type} declares no example to send`);
  return schema.parse(example);
}

/**
 * Sends a sample of an event type to the endpoints that take it (or to the one named), signed and posted by the
 * same code as real deliveries (`postSigned`), at once and once: not through the outbox, so it is never retried
 * and never counts as a dead delivery. The body says `"test": true` beside the usual `type`, `timestamp`, `data`.
 */
export async function sendTestEvent(o: {
  config: WebhooksConfig;
  events: Record<string, z.ZodType>;
  fetch: typeof fetch;
  now: () => number;
  type: string;
  endpoint?: string;
}): Promise<TestSendResult[]> {
  const schema = o.events[o.type];
  if (!schema) {
    throw new ApiError(400, 'webhook_event_unknown', `no event type "${o.type}"; known: ${Object.keys(o.events).join(', ')}`);
  }
  const named = o.endpoint === undefined ? undefined : o.config.endpoints.filter((e) => e.url === o.endpoint);
  if (named && !named.length) {
    throw new ApiError(
      404,
      'webhook_endpoint_unknown',
      `${shownUrl(o.endpoint!)} is not one of webhooks.endpoints (only configured endpoints get events)`,
    );
  }
  const targets = (named ?? o.config.endpoints).filter((e) => !e.events || (e.events as readonly string[]).includes(o.type));
  if (!targets.length) {
    throw new ApiError(
      409,
      'webhook_no_endpoint',
      named ? `that endpoint does not take ${o.type} (its "events" list)` : `no configured endpoint takes ${o.type}`,
    );
  }
  const at = o.now();
  const body = JSON.stringify({ type: o.type, timestamp: new Date(at).toISOString(), test: true, data: sampleOf(o.type, schema) });
  return Promise.all(
    targets.map(async (endpoint) => {
      const id = `msg_test_${randomUUID().replaceAll('-', '')}`;
      const started = performance.now();
      const r = await postSigned({
        fetch: o.fetch,
        endpoint,
        id,
        body,
        timestampSeconds: Math.floor(at / 1000),
        timeoutMs: o.config.timeoutMs,
        requestId: currentRequestId(), // POST /server/webhooks/test's own; none from the CLI
      });
      return {
        endpoint: shownUrl(endpoint.url),
        id,
        ok: r.ok,
        status: r.status,
        error: r.error,
        ms: Math.round(performance.now() - started),
      };
    }),
  );
}
