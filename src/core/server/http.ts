import type { Context } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from './errors.ts';

/**
 * Reads a JSON body and validates it against a schema. Wrong content type,
 * malformed JSON and schema failures each get their own stable error code.
 */
export async function readJson<S extends z.core.$ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  }
  return validate(schema, body);
}

export function validate<S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new ApiError(400, 'invalid_request', describeIssues(result.error.issues));
  return result.data;
}

/** One readable sentence naming each bad field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const field = i.path.length ? i.path.join('.') : 'body';
      if (i.code === 'unrecognized_keys') return `${field}: unknown field(s) ${i.keys.join(', ')}`;
      return `${field}: ${i.message}`;
    })
    .join('; ');
}
