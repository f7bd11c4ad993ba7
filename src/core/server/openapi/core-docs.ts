import * as z from 'zod/mini';
import type { OperationDoc } from './describe-route.ts';

export const healthSchema = z.object({
  status: z.literal('ok'),
  store: z.enum(['sqlite', 'postgres']),
  sandbox: z.boolean(),
  /** The providers this adapter serves. */
  providers: z.array(z.string()),
});

export const healthDoc = (): OperationDoc => ({
  summary: 'Liveness and store check',
  description: 'For load balancers and monitoring.',
  auth: 'none',
  responses: { 200: { description: 'The adapter and its store answer', body: { name: 'Health', schema: healthSchema } } },
  errors: { store_unavailable: 503 },
});
