import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import type { Guard } from '../../src/core/element/guards.ts';

/**
 * Holds an adapter answer to its zod response schema (the contract) and the
 * browser's hand-written guard to the same answer: the schema must accept it
 * and describe every field it carries (zod strips unknown keys, so a field the
 * schema lacks shows as a difference), and the element's guard must accept it.
 */
export function assertAnswer<T>(schema: z.ZodMiniType, guard: Guard<T>, body: unknown): void {
  const parsed = z.safeParse(schema, body);
  assert.ok(parsed.success, `the answer matches its zod schema: ${parsed.error?.message}`);
  assert.deepEqual(parsed.data, body, 'the zod schema describes every field of the answer');
  assert.ok(guard(body), "the element's guard accepts the answer");
}
