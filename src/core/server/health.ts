import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from './errors.ts';
import { operation } from './openapi/operation.ts';
import type { Store } from './store/store.ts';

const healthSchema = z.object({
  status: z.literal('ok'),
  store: z.enum(['sqlite', 'postgres']),
  sandbox: z.boolean(),
  /** The providers this adapter serves. */
  providers: z.array(z.string()),
});

/** `GET /health`: for load balancers and monitoring. */
export function mountHealthRoute(app: Hono, store: Store, answer: { sandbox: boolean; providers: string[] }): void {
  app.get(
    '/health',
    ...operation(
      {
        summary: 'Liveness and store check',
        description: 'For load balancers and monitoring.',
        auth: 'none',
        responses: { 200: { description: 'The adapter and its store answer', body: { name: 'Health', schema: healthSchema } } },
        errors: { store_unavailable: 503 },
      },
      async (c) => {
        try {
          await store.ping();
        } catch (err) {
          throw new ApiError(503, 'store_unavailable', 'the store does not answer', { cause: err });
        }
        return c.json({ status: 'ok' as const, store: store.kind, ...answer });
      },
    ),
  );
}
