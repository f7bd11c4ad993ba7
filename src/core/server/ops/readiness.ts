import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../errors.ts';
import { operation } from '../openapi/operation.ts';
import type { Store } from '../store/store.ts';

export type Readiness = 'starting' | 'ready' | 'draining';

const readyDoc = {
  summary: 'Readiness: should a load balancer send requests here?',
  description:
    'For load balancers and orchestrators (Kubernetes readinessProbe). 200 once migrations are done and the store answers; ' +
    '503 while starting, when the store does not answer, and while the adapter drains on SIGTERM (then `/health`, the ' +
    'liveness check, still answers 200 and requests are still served until the listener closes).',
  auth: 'none',
  responses: {
    200: {
      description: 'Ready',
      body: { name: 'Ready', schema: z.object({ status: z.literal('ready'), store: z.enum(['sqlite', 'postgres']) }) },
    },
  },
  errors: { adapter_starting: 503, adapter_draining: 503, store_unavailable: 503 },
} as const;

/** `GET /ready`. */
export function mountReadiness(app: Hono, o: { store: Store; state: () => Readiness }): void {
  app.get(
    '/ready',
    ...operation(readyDoc, async (c) => {
      const state = o.state();
      if (state === 'draining') throw new ApiError(503, 'adapter_draining', 'this instance is shutting down: send requests to another');
      if (state === 'starting') throw new ApiError(503, 'adapter_starting', 'this instance is still migrating its store');
      try {
        await o.store.ping();
      } catch (err) {
        throw new ApiError(503, 'store_unavailable', 'the store does not answer', { cause: err });
      }
      return c.json({ status: 'ready' as const, store: o.store.kind });
    }),
  );
}
