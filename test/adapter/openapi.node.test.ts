import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod';
import { openApiPath } from '../../src/core/server/openapi/document.ts';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader, serverHeaders, TEST_COM } from '../helpers/auth.ts';
import { openApiSubset, type OpenApiSubset, type Operation, refsIn, resolvePointer } from '../helpers/openapi-subset.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Not the product's API: the sandbox's fake provider pages and its demo-token route. */
const SANDBOX = /^\/sandbox\//;

/** A value for each path parameter the adapter's routes use (a new parameter name needs one here). */
const PARAMS: Record<string, string> = {
  imp_uid: 'imp_000000000001',
  com_regno: TEST_COM,
  id: '00000000-0000-4000-8000-000000000000',
  issueId: 'ISSUE-1',
  path: 'Sale/SaveSale',
  ref: 'bs_000000000000000000000000',
  seq: '1',
};

/** The server API as an ERP backend calls it, body sent as given (fetch would add Sec-Fetch-Mode, a browser's header). */
function rawServerCall(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 500;
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: h }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Op = { method: string; path: string; op: Operation };

function operations(doc: Pick<OpenApiSubset, 'paths'>): Op[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op: op })),
  );
}

describe('GET /openapi.json (issue 8 item 2)', () => {
  let a: TestAdapter;
  let raw: Record<string, unknown>;
  let doc: OpenApiSubset;
  let ops: Op[];

  before(async () => {
    a = await startTestAdapter({ sandbox: true });
    const res = await a.call('/openapi.json');
    assert.equal(res.status, 200);
    raw = (await res.json()) as Record<string, unknown>;
    const parsed = openApiSubset.safeParse(raw);
    assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
    doc = parsed.data;
    ops = operations(doc);
  });
  after(() => a.close());

  const opAt = (method: string, path: string) => {
    const found = ops.find((o) => o.method === method && o.path === path);
    assert.ok(found, `${method} ${path} is not documented`);
    return found.op;
  };

  /** A JSON Schema from the document, its `$ref` resolved, loaded by zod (so it is a schema zod can read). */
  const schemaAt = (schema: Record<string, unknown>) => {
    const target = (typeof schema.$ref === 'string' ? resolvePointer(raw, schema.$ref) : schema) as Record<string, unknown>;
    assert.ok(target, `unresolved ${String(schema.$ref)}`);
    return z.fromJSONSchema(target as z.core.JSONSchema.JSONSchema);
  };

  /** A call the way its caller makes it: the server API over node:http with the server key, browser routes with a page token. */
  const send = async (method: string, path: string, o: { body?: unknown; contentType?: string; credentials?: boolean } = {}) => {
    const filled = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      assert.ok(PARAMS[name], `no test value for path parameter ${name}`);
      return PARAMS[name];
    });
    const credentials = o.credentials ?? true;
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': o.contentType ?? 'application/json' };
    if (filled.startsWith('/server/')) {
      if (credentials) Object.assign(headers, serverHeaders());
      return rawServerCall(`${a.url}${filled}`, method, headers, body);
    }
    if (credentials) Object.assign(headers, await authHeader());
    return a.call(filled, { method, headers, body, redirect: 'manual' });
  };

  /** The answer's status is documented for the operation, and an error's code is listed for that status. */
  const assertDocumented = async (op: Operation, res: Response, label: string) => {
    const documented = op.responses[String(res.status)];
    assert.ok(documented, `${label}: status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    if (res.status >= 400) {
      const { code } = await errorOf(res);
      assert.ok(
        documented['x-error-codes']?.includes(code),
        `${label}: ${res.status} ${code} is not among ${documented['x-error-codes']?.join(', ')}`,
      );
      return code;
    }
    return undefined;
  };

  it('is OpenAPI 3.1 (checked by a strict schema of what it emits) with the package version and a relative server', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, pkg.version);
    assert.deepEqual(doc.servers, [{ url: '/' }]);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['gateSession', 'pageToken', 'serverKey']);
    assert.deepEqual(doc.components.securitySchemes.pageToken, {
      ...doc.components.securitySchemes.pageToken,
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('every $ref resolves, and every schema in it is a JSON Schema zod can load', () => {
    const refs = refsIn(raw);
    assert.ok(refs.length > 20, `only ${refs.length} refs`);
    for (const { ref, at } of refs) assert.notEqual(resolvePointer(raw, ref), undefined, `${ref} (at ${at}) does not resolve`);
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      assert.doesNotThrow(() => z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema), `components.schemas.${name}`);
      assert.deepEqual(refsIn(schema), [], `components.schemas.${name} refers elsewhere`);
    }
    for (const { op } of ops) for (const p of op.parameters ?? []) z.fromJSONSchema(p.schema as z.core.JSONSchema.JSONSchema);
  });

  it('declares each path parameter of the template, unique operationIds, known security schemes and tags', () => {
    const ids = new Set<string>();
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { method, path, op } of ops) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      assert.deepEqual(declared, templated, `${method} ${path}`);
      assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} twice`);
      ids.add(op.operationId);
      for (const req of op.security) for (const name of Object.keys(req)) assert.ok(doc.components.securitySchemes[name], name);
      for (const t of op.tags) assert.ok(tags.has(t), `${method} ${path}: tag ${t} is not declared`);
    }
  });

  it('documents every live route of the adapter, and nothing that is not live (a route added without a doc fails here)', () => {
    const live = a.adapter.routes.filter((r) => !SANDBOX.test(r.path)).map((r) => `${r.method} ${openApiPath(r.path)}`);
    const documented = ops.map((o) => `${o.method} ${o.path}`);
    assert.deepEqual(documented.sort(), [...new Set(live)].sort());
    assert.ok(live.length >= 20, `only ${live.length} live routes`);
    assert.equal(
      documented.some((d) => d.includes('/sandbox/')),
      false,
    );
  });

  it('says who may call each operation: page-token scopes, the server key on /server, the common error envelope', () => {
    const certify = opAt('POST', '/iamport/certifications');
    assert.deepEqual(certify.security, [{ pageToken: ['iamport:certify'] }]);
    assert.deepEqual(certify['x-scopes'], ['iamport:certify']);
    assert.match(certify.description ?? '', /`iamport:certify`/);
    assert.deepEqual(opAt('POST', '/ecount/api/{path}')['x-scopes'], ['ecount:read', 'ecount:write']);
    for (const { method, path, op } of ops) {
      if (path.startsWith('/server/')) assert.deepEqual(op.security, [{ serverKey: [] }], `${method} ${path}`);
      else assert.equal(JSON.stringify(op.security).includes('serverKey'), false, `${method} ${path}`);
      for (const [status, r] of Object.entries(op.responses)) {
        if (Number(status) >= 400) assert.deepEqual(r.content, { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
      }
    }
    const error = doc.components.schemas.Error as { required: string[]; properties: { error: { required: string[] } } };
    assert.deepEqual([error.required, error.properties.error.required.sort()], [['error'], ['code', 'message']]);
  });

  it('is public and cacheable: no credentials, Cache-Control, ETag answered with 304, readable from any origin', async () => {
    const res = await a.call('/openapi.json', { headers: { Origin: 'https://swagger.example' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const etag = res.headers.get('etag');
    assert.match(etag ?? '', /^"[A-Za-z0-9_-]+"$/);
    assert.deepEqual(await res.json(), raw);
    const again = await a.call('/openapi.json', { headers: { 'If-None-Match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  it('?openapi=3.0 renders the same operations as OpenAPI 3.0 (for generators without 3.1): no type arrays, no roles in security', async () => {
    const res = await a.call('/openapi.json?openapi=3.0');
    assert.equal(res.status, 200);
    const v30 = (await res.json()) as Record<string, unknown>;
    // 3.0's License has no `identifier`.
    const subset30 = openApiSubset.extend({
      openapi: z.literal('3.0.3'),
      info: openApiSubset.shape.info.extend({ license: z.strictObject({ name: z.string() }) }),
    });
    const parsed = subset30.safeParse(v30);
    assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
    const ids = (d: Pick<OpenApiSubset, 'paths'>) => operations(d).map((o) => `${o.method} ${o.path} ${o.op.operationId}`);
    assert.deepEqual(ids(parsed.data), ids(doc));
    assert.notEqual(res.headers.get('etag'), (await a.call('/openapi.json')).headers.get('etag'));
    const text = JSON.stringify(v30);
    // 3.0 has no `type: [..]` (3.1's null) and no `const`; nullable is its own keyword there.
    assert.equal(/"type":\[/.test(text), false);
    assert.equal(/"const":/.test(text), false);
    assert.ok(text.includes('"nullable":true'));
    assert.ok(
      /"type":\["string","null"\]/.test(JSON.stringify(raw)),
      'the 3.1 document does use type arrays (so the check above means something)',
    );
    for (const { op } of operations(parsed.data))
      for (const req of op.security) for (const roles of Object.values(req)) assert.deepEqual(roles, []);
    for (const { ref } of refsIn(v30)) assert.notEqual(resolvePointer(v30, ref), undefined, ref);
    assert.equal((await errorOf(await a.call('/openapi.json?openapi=2.0'))).code, 'invalid_request');
  });

  it('every secured operation refuses a call without credentials with an error it documents', async () => {
    let checked = 0;
    for (const { method, path, op } of ops) {
      if (!op.security.some((s) => 'pageToken' in s || 'serverKey' in s)) continue;
      const res = await send(method, path, { credentials: false });
      const code = await assertDocumented(op, res, `${method} ${path} without credentials`);
      assert.ok(code === 'token_missing' || code === 'server_key_missing', `${method} ${path}: ${code}`);
      checked++;
    }
    assert.ok(checked >= 15, `${checked}`);
  });

  it('every operation with a JSON body answers a malformed one with an error it documents', async () => {
    let checked = 0;
    for (const { method, path, op } of ops) {
      if (!op.requestBody?.content['application/json']) continue;
      const res = await send(method, path, { body: '{"not json' });
      assert.ok(res.status >= 400, `${method} ${path}: ${res.status}`);
      await assertDocumented(op, res, `${method} ${path} with a malformed body`);
      checked++;
    }
    assert.ok(checked >= 8, `${checked}`);
  });

  it('every operation, called with credentials and an empty body or no query, answers something it documents', async () => {
    let checked = 0;
    for (const { method, path, op } of ops) {
      const json = op.requestBody?.content['application/json'];
      const res = await send(method, path, json ? { body: {} } : {});
      await assertDocumented(op, res, `${method} ${path} with an empty body`);
      checked++;
    }
    assert.equal(checked, ops.length);
  });

  /** One documented call per provider (and the core), with the document's own example body where it has one. */
  const SAMPLES: [method: string, path: string, status: number][] = [
    ['GET', '/health', 200],
    ['POST', '/server/page-tokens', 201],
    ['POST', '/server/iamport/certifications/lookup', 200],
    ['POST', '/smartbill/signups', 201],
    ['PUT', '/server/smartbill/credentials/{com_regno}', 204],
    ['GET', '/server/smartbill/credentials/{com_regno}', 200],
    ['GET', '/server/smartbill/credentials/unmatched', 200],
    ['GET', '/benecafe/session', 200],
    ['POST', '/ecount/connect', 200],
    ['GET', '/ecount/status', 200],
    ['POST', '/server/ecount/reset', 200],
    ['GET', '/server/webhooks/failed', 200],
  ];
  for (const [method, path, status] of SAMPLES) {
    it(`${method} ${path}: the documented example body is valid by its schema, accepted, and the answer matches the documented schema`, async () => {
      const op = opAt(method, path);
      const media = op.requestBody?.content['application/json'];
      if (media) {
        assert.notEqual(media.example, undefined, 'the request body has an example');
        schemaAt(media.schema).parse(media.example);
      }
      const res = await send(method, path, { body: media?.example });
      assert.equal(res.status, status, await res.clone().text());
      await assertDocumented(op, res, `${method} ${path}`);
      const answer = op.responses[String(status)]!.content?.['application/json'];
      if (answer) schemaAt(answer.schema).parse(await res.json());
    });
  }

  it('POST /iamport/certifications: the example passes validation and reaches Iamport, whose documented refusal comes back', async () => {
    const op = opAt('POST', '/iamport/certifications');
    const example = op.requestBody!.content['application/json']!.example;
    const res = await send('POST', '/iamport/certifications', { body: example });
    // The sandbox's Iamport has no certification under the example's imp_uid.
    assert.equal(await assertDocumented(op, res, 'certify'), 'iamport_certification_not_found');
  });

  it('documented route-specific errors are the ones produced: tenant_mismatch, ecount_api_not_allowed, smartbill_out_of_retention, not_found', async () => {
    const signup = opAt('POST', '/smartbill/signups');
    const form = (signup.requestBody!.content['application/json']!.example as { form: Record<string, string> }).form;
    const other = await a.call('/smartbill/signups', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await authHeader({ com: '1111111119' })) },
      body: JSON.stringify({ env: 'demo', form }),
    });
    assert.equal(await assertDocumented(signup, other, 'signup for another company'), 'tenant_mismatch');
    const notAllowed = await send('POST', '/ecount/api/{path}'.replace('{path}', 'Not/Listed'), { body: {} });
    assert.equal(await assertDocumented(opAt('POST', '/ecount/api/{path}'), notAllowed, 'ecount api'), 'ecount_api_not_allowed');
    const old = await send('GET', '/smartbill/invoices?type=AR&from=2000-01-01&to=2000-01-31');
    assert.equal(await assertDocumented(opAt('GET', '/smartbill/invoices'), old, 'invoices'), 'smartbill_out_of_retention');
    const gone = await send('GET', '/server/benecafe/sessions/{ref}');
    assert.equal(await assertDocumented(opAt('GET', '/server/benecafe/sessions/{ref}'), gone, 'session by ref'), 'not_found');
  });
});

describe('GET /openapi.json under a base path', () => {
  it('publishes the base path as the server URL and paths relative to it', async () => {
    const a = await startTestAdapter({ basePath: '/erp-api' });
    try {
      const res = await a.call('/openapi.json');
      assert.equal(res.status, 200);
      const doc = (await res.json()) as OpenApiSubset;
      assert.deepEqual(doc.servers, [{ url: '/erp-api' }]);
      assert.ok(doc.paths['/health']?.get);
      assert.ok(doc.paths['/server/page-tokens']?.post);
      assert.equal(
        Object.keys(doc.paths).some((p) => p.startsWith('/erp-api')),
        false,
      );
    } finally {
      await a.close();
    }
  });
});
