import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { currentRequestId } from '../request-scope.ts';
import type { Migration, SqlExecutor, TxExecutor } from '../store/store.ts';
import type { WebhooksConfig } from './config-schema.ts';

export const webhookMigrations: Migration[] = [
  {
    id: 'core/006-webhook-outbox',
    formerly: ['core/002-webhook-outbox'],
    // One row per event and endpoint; `id` is the Standard Webhooks `webhook-id`, the same on every retry.
    sql: `CREATE TABLE IF NOT EXISTS webhook_outbox (
      id TEXT PRIMARY KEY,
      endpoint_url TEXT NOT NULL,
      event_type TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      claimed_until BIGINT NOT NULL,
      last_status INTEGER,
      last_error TEXT,
      finished_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (status, next_attempt_at)`,
  },
  {
    id: 'core/007-webhook-outbox-claims',
    formerly: ['core/003-webhook-outbox-claims'],
    // claim_token: only the claimer records the outcome (a claim that expired may be taken by another instance).
    // retry_until: a retried dead row gets a fresh window; NULL means created_at + retryForSeconds.
    sql: `ALTER TABLE webhook_outbox ADD COLUMN claim_token TEXT;
    ALTER TABLE webhook_outbox ADD COLUMN retry_until BIGINT`,
  },
  {
    id: 'core/008-webhook-outbox-request-id',
    // The request that caused the event: sent as X-Request-Id with each delivery and named in its log lines.
    sql: `ALTER TABLE webhook_outbox ADD COLUMN request_id TEXT`,
  },
];

/** Store notification channel: an enqueue committed (on any instance sharing the store). */
export const WEBHOOK_CHANNEL = 'webhooks';

export interface Events {
  /**
   * Writes the event to the outbox inside the caller's transaction, so it exists
   * exactly when the state change does; the delivery loop sends it afterwards.
   * `data` must carry no secret (no AUTH_TOKEN, no CI/DI): the ERP reads those
   * through the server API.
   */
  enqueue(tx: SqlExecutor | TxExecutor, type: string, data: object): Promise<void>;
}

/**
 * `schemas`: every event type the providers emit and the schema of its `data` (`ProviderModule.events`). An event
 * not declared, or data that does not match (e.g. a field added that may carry a secret), throws: the caller's
 * transaction rolls back and the mistake shows in the first test that emits it.
 */
export function createEvents(
  config: WebhooksConfig,
  now: () => number,
  onEnqueued: () => void,
  schemas: Readonly<Record<string, z.ZodType>>,
): Events {
  return {
    async enqueue(tx, type, data) {
      const schema = schemas[type];
      if (!schema) throw new Error(`webhook event ${type} is not declared by any provider module (ProviderModule.events)`);
      schema.parse(data);
      const at = now();
      const requestId = currentRequestId() ?? null;
      // Every row is sent before any answer is awaited, and the wake-up queued before returning: inside a
      // pipelined transaction (Store.pipeline) they all go out with its COMMIT.
      const inserts = config.endpoints
        .filter((endpoint) => !endpoint.events || (endpoint.events as readonly string[]).includes(type))
        .map((endpoint) =>
          tx.run(
            `INSERT INTO webhook_outbox (id, endpoint_url, event_type, body, created_at, status, attempts, next_attempt_at, claimed_until, request_id)
             VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)`,
            [
              `msg_${randomUUID().replaceAll('-', '')}`,
              endpoint.url,
              type,
              JSON.stringify({ type, timestamp: new Date(at).toISOString(), data }),
              at,
              at,
              requestId,
            ],
          ),
        );
      if (!inserts.length) return;
      // Wakes every instance's delivery loop once the transaction commits (before that the row is invisible).
      if ('notify' in tx) tx.notify(WEBHOOK_CHANNEL, 'enqueued');
      onEnqueued();
      await Promise.all(inserts);
    },
  };
}
