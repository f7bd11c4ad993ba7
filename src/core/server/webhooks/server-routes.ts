import type { Hono } from 'hono';
import { readJson } from '../http.ts';
import { describeRoute } from '../openapi/describe-route.ts';
import type { Store } from '../store/store.ts';
import { listDeliveries, retryDead } from './admin.ts';
import { failedDoc, retryDoc, testDoc } from './route-docs.ts';
import { type TestSendResult, testSendSchema } from './test-send.ts';

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
  },
) {
  server.get('/webhooks/failed', describeRoute(failedDoc), async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
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
  });

  server.post('/webhooks/:id/retry', describeRoute(retryDoc), async (c) => {
    const answer = await retryDead(store, c.req.param('id'), opts.now(), opts.retryForSeconds);
    opts.wake();
    return c.json(answer, 202);
  });

  server.post('/webhooks/test', describeRoute(testDoc), async (c) => {
    const { type, endpoint } = await readJson(c, testSendSchema);
    return c.json({ results: await opts.sendTest(type, endpoint) });
  });
}
