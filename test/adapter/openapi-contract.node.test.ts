import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';

type Json = Record<string, unknown>;

/** A property whose name says it is a point in time or a duration. */
const TIME_NAME = /(At|_at|Until|Seconds|Ms|^ms|timestamp|ttl)$/i;
/** What a description must say so a Java or generated client knows the unit. */
const UNIT = /milliseconds|\bms\b|seconds|ISO 8601/i;

/** Every property of every schema in the document, with where it sits (anyOf/oneOf/items/nested objects walked). */
function properties(node: unknown, where: string, out: { where: string; name: string; schema: Json }[] = []) {
  if (Array.isArray(node)) node.forEach((n) => properties(n, where, out));
  else if (node && typeof node === 'object') {
    const o = node as Json;
    for (const [name, schema] of Object.entries((o.properties as Record<string, Json> | undefined) ?? {})) {
      out.push({ where, name, schema });
    }
    for (const [k, v] of Object.entries(o)) properties(v, k === 'properties' ? where : `${where}/${k}`, out);
  }
  return out;
}

/** The description of a schema or of its non-null member (nullable and optional fields render as anyOf). */
const describedAs = (s: Json): string =>
  [s.description, ...((s.anyOf as Json[] | undefined) ?? []).map((m) => m.description)].filter(Boolean).join(' ');

// The integrator contract as a Java developer or a generated client reads it (issue 22 item 6).
describe('GET /openapi.json: units, types and digests an integrator can rely on', () => {
  let a: TestAdapter;
  let doc: Json;
  before(async () => {
    a = await startTestAdapter({ sandbox: true });
    doc = (await (await a.call('/openapi.json')).json()) as Json;
  });
  after(() => a.close());

  it('every time or duration field says its unit (epoch milliseconds, Unix seconds or ISO 8601)', () => {
    const unsaid = properties(doc, '')
      .filter((p) => TIME_NAME.test(p.name) && !UNIT.test(describedAs(p.schema)))
      .map((p) => `${p.where}.${p.name}`);
    assert.deepEqual([...new Set(unsaid)], []);
  });

  it('numeric query parameters (limit, wait) are integers, so a strict generated client may pass a number', () => {
    const paths = doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string; schema: { type?: string } }[] }>>;
    const numeric = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        (op.parameters ?? [])
          .filter((p) => ['limit', 'wait'].includes(p.name))
          .map((p) => `${method} ${path} ${p.name}: ${p.schema.type ?? '?'}`),
      ),
    );
    assert.deepEqual(
      numeric,
      ['get /smartbill/signups/{id} wait: integer', 'get /server/webhooks/failed limit: integer'].sort(),
      String(numeric),
    );
  });

  it("says what unique_key and unique_in_site hold (keyed digests 'h1.…' by default) and how to compare them", () => {
    const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
    for (const name of ['StoredCertification']) {
      for (const field of ['unique_key', 'unique_in_site']) {
        const said = describedAs(((schemas[name]!.properties as Record<string, Json>)[field] ?? {}) as Json);
        assert.match(said, /h1\./, `${name}.${field}`);
        assert.match(said, /lookup/, `${name}.${field} points to the lookup route`);
      }
    }
  });

  it('docs/server-integration.md lists every server route (the lookup included) and the README every Iamport part', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/server-integration.md'), 'utf8');
    const missing = Object.keys(doc.paths as Json)
      .filter((p) => p.startsWith('/server/'))
      .map((p) => p.replace(/\{([^}]+)\}/g, ':$1'))
      .filter((p) => !docs.includes(p));
    assert.deepEqual(missing, []);
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    assert.match(readme, /Parts: `base`, `button`, `spinner`, `status`, `result`, `error`, `notice`/);
  });
});
