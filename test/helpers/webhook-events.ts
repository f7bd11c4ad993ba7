import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { providers } from '../../src/providers.ts';

/** docs/server-integration.md's events table: each type (a row may name two) → the `data` fields it documents. */
export function documentedWebhookEvents(): Map<string, string[]> {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/server-integration.md'), 'utf8');
  const events = new Map<string, string[]>();
  for (const [, types, data] of doc.matchAll(/^\| (`[a-z]+\.[a-z.]+`(?:, `[a-z]+\.[a-z.]+`)*) \| ([^|]+) \|$/gm)) {
    // The fields before the arrow, without what parentheses say about them (e.g. a field's values).
    const fields = [
      ...data!
        .split('→')[0]!
        .replace(/\([^)]*\)/g, '')
        .matchAll(/`(\w+)`/g),
    ].map((m) => m[1]!);
    for (const [, type] of types!.matchAll(/`([a-z.]+)`/g)) events.set(type!, fields);
  }
  return events;
}

/** The JSON type of each documented field (null where the docs allow none: Ecount's code for a failure of ours). */
const FIELD_TYPES: Record<string, readonly ('string' | 'number' | 'null')[]> = {
  COM_REGNO: ['string'],
  SBID: ['string'],
  pID: ['string', 'null'],
  regYn: ['string', 'null'],
  attemptId: ['string'],
  version: ['string'],
  imp_uid: ['string'],
  merchant_uid: ['string'],
  certified_at: ['number', 'null'],
  // null when the page was anonymous (iamport.anonymous).
  sub: ['string', 'null'],
  com: ['string', 'null'],
  ref: ['string'],
  companyKey: ['string'],
  memberKey: ['string'],
  enteredAt: ['number'],
  expiresAt: ['number'],
  company: ['string'],
  environment: ['string'],
  code: ['string'],
  ecountCode: ['number', 'null'],
  failures: ['number'],
};

const typeOf = (v: unknown) => (v === null ? 'null' : typeof v);

/**
 * Checks one delivered event against the docs: the envelope is exactly `{ type, timestamp, data }`, the type is the
 * expected one, `data` has exactly the documented fields (a renamed or extra field fails), each of its JSON type.
 * Returns `data` for the caller's value checks.
 */
export function assertDocumentedEvent(event: unknown, type: string): Record<string, unknown> {
  const e = event as { type: unknown; timestamp: unknown; data: Record<string, unknown> };
  assert.deepEqual(Object.keys(e).sort(), ['data', 'timestamp', 'type'], 'the envelope is { type, timestamp, data }');
  assert.equal(e.type, type);
  assert.match(String(e.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const documented = documentedWebhookEvents().get(type);
  assert.ok(documented, `${type} is in docs/server-integration.md's events table`);
  assert.deepEqual(Object.keys(e.data).sort(), [...documented].sort(), `${type}: data has exactly the documented fields`);
  for (const [field, value] of Object.entries(e.data)) {
    assert.ok(FIELD_TYPES[field]?.includes(typeOf(value) as never), `${type}.data.${field} is ${typeOf(value)}`);
  }
  // And the emitting provider's own (strict) schema for it.
  const schema = providers.map((p) => (p.events as Record<string, { safeParse(v: unknown): { success: boolean } }>)[type]).find(Boolean);
  assert.ok(schema?.safeParse(e.data).success, `${type}: data matches the provider's event schema`);
  return e.data;
}

export const documentedFieldTypes = FIELD_TYPES;
