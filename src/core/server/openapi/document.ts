import * as z from 'zod/mini';
import { type NamedSchema, type OperationAuth, type OperationDoc, operationOf } from './operation.ts';
import { errorsImplied, SECURITY_SCHEMES, scopesOf } from './security.ts';

type Json = Record<string, unknown>;

/** What Hono's `app.routes` lists (one entry per handler). */
export interface LiveRoute {
  method: string;
  path: string;
  handler: unknown;
}

export interface DocumentOptions {
  /** The adapter's base path: stripped from every path and published as the (relative) server URL. */
  basePath: string;
  version: string;
  /** 3.1 (JSON Schema 2020-12), or 3.0 for generators that do not read 3.1 yet. */
  openapi?: '3.1' | '3.0';
  /** One tag per provider (its name and description): an operation under `/<name>/…` or `/server/<name>/…` gets it. */
  providers: readonly { name: string; description: string; securitySchemes?: Record<string, unknown> }[];
}

type Target = 'draft-2020-12' | 'openapi-3.0';

/** The error envelope every route answers with: clients switch on `code`. */
export const errorSchema = z.object({
  error: z.object({
    /** Stable; listed per operation and status in `x-error-codes`. */
    code: z.string(),
    /** For people; may change. */
    message: z.string(),
    /** This request's id, also in the `X-Request-Id` header and in the adapter's log lines: quote it when reporting a problem. */
    requestId: z.optional(z.string()),
  }),
});

/** Sent on every answer (see the description of the document). */
const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: "This request's id (the trusted proxy's X-Request-Id, or a new UUID); every log line of the request carries it",
    schema: { type: 'string' },
  },
};

/** `/smartbill/signups/:id` → `/smartbill/signups/{id}`; a trailing `*` (Ecount's API proxy) becomes `{path}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}').replace(/\/\*$/, '/{path}');
}

const stripBase = (path: string, basePath: string) => (basePath && path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path);

/** zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect) or OpenAPI 3.0's schema. Requests are described as sent, responses as answered. */
function toJson(schema: z.core.$ZodType, io: 'input' | 'output', target: Target): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target, io, unrepresentable: 'any' }) as Json;
  return rest;
}

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, ch: string) => ch.toUpperCase());

/** `GET /server/smartbill/credentials/{com_regno}` → `getServerSmartbillCredentialsByComRegno`. */
function operationId(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith('{') ? `By${pascal(seg.slice(1, -1))}` : pascal(seg)));
  return method.toLowerCase() + parts.join('');
}

/** Builds the OpenAPI 3.1 document of every route declared with `operation`. */
export function buildOpenApiDocument(routes: readonly LiveRoute[], options: DocumentOptions): Json {
  const v30 = options.openapi === '3.0';
  const target: Target = v30 ? 'openapi-3.0' : 'draft-2020-12';
  const schemas = new Map<string, { json: string; value: Json }>();
  const component = (named: NamedSchema, io: 'input' | 'output'): Json => {
    const value = toJson(named.schema, io, target);
    const json = JSON.stringify(value);
    const seen = schemas.get(named.name);
    // Two different schemas under one name would silently document one of them wrongly.
    if (seen && seen.json !== json) throw new Error(`openapi: two different schemas are both named ${named.name}`);
    schemas.set(named.name, { json, value });
    return { $ref: `#/components/schemas/${named.name}` };
  };
  component({ name: 'Error', schema: errorSchema }, 'output');

  const providerNames = new Set(options.providers.map((p) => p.name));
  const paths: Record<string, Record<string, Json>> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    const doc = operationOf(route.handler);
    if (!doc) continue;
    const path = openApiPath(stripBase(route.path, options.basePath));
    const method = route.method.toLowerCase();
    const item = (paths[path] ??= {});
    if (item[method]) throw new Error(`openapi: ${route.method} ${path} is described twice`);
    const id = operationId(method, path);
    if (ids.has(id)) throw new Error(`openapi: operationId ${id} is not unique`);
    ids.add(id);
    item[method] = operation(doc, path, id, component, target, providerNames);
  }

  const sortedSchemas = Object.fromEntries([...schemas].sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => [name, s.value]));
  return {
    openapi: v30 ? '3.0.3' : '3.1.0',
    info: {
      title: 'erp-widgets adapter',
      version: options.version,
      description:
        'Browser routes (called by the elements with a page token) and the server API (`/server/…`, called by the ERP backend with a server key). ' +
        'Errors are `{ "error": { "code", "message", "requestId" } }`; each operation lists its codes per status in `x-error-codes`. ' +
        'Every answer carries `X-Request-Id` (taken from a trusted proxy, i.e. one of `trustedProxies`, else made up): quote it ' +
        "when reporting a problem; it is in the adapter's log lines of that request. " +
        'Sandbox-only routes (`/sandbox/…`) are not described.' +
        (v30 ? ' This is the OpenAPI 3.0 rendering (`?openapi=3.0`) of /openapi.json, for generators without 3.1 support.' : ''),
      license: v30 ? { name: 'MIT' } : { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.basePath || '/' }],
    tags: [
      { name: 'server', description: "The ERP backend's API: server key, never from a browser." },
      ...options.providers.map((p) => ({ name: p.name, description: p.description })),
      { name: 'adapter', description: 'Health and this document.' },
    ],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: sortedSchemas,
      securitySchemes: usedSchemes(
        paths,
        Object.assign({}, SECURITY_SCHEMES, ...options.providers.map((p) => p.securitySchemes ?? {})) as Json,
      ),
    },
  };
}

function operation(
  doc: OperationDoc,
  path: string,
  id: string,
  component: (n: NamedSchema, io: 'input' | 'output') => Json,
  target: Target,
  providers: ReadonlySet<string>,
): Json {
  const first = path.split('/').filter(Boolean)[0] ?? '';
  const tag = first === 'server' ? 'server' : providers.has(first) ? first : 'adapter';
  const scopes = scopesOf(doc.auth);
  const scopeNote = scopes.length
    ? `\n\nPage token scope: ${scopes.map((s) => `\`${s}\``).join(scopes.length > 1 ? ' or ' : '')}.${typeof doc.auth === 'object' && 'note' in doc.auth && doc.auth.note ? ` ${doc.auth.note}` : ''}`
    : '';

  const parameters: Json[] = [];
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const given = doc.params?.[name!];
    parameters.push({
      name,
      in: 'path',
      required: true,
      schema: given ? toJson(given, 'input', target) : { type: 'string' },
      ...(path.endsWith(`/{${name}}`) && name === 'path' ? { description: 'The rest of the path; may contain `/`.' } : {}),
    });
  }
  if (doc.query) {
    const q = toJson(doc.query, 'input', target) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      const { description, ...rest } = schema as Json & { description?: string };
      parameters.push({
        name,
        in: 'query',
        required: q.required?.includes(name) ?? false,
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }

  const responses: Record<string, Json> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    const content = r.body
      ? { [r.contentType ?? 'application/json']: { schema: component(r.body, 'output'), ...example(r.body) } }
      : r.contentType
        ? { [r.contentType]: { schema: { type: 'string' } } }
        : undefined;
    const headers = {
      ...REQUEST_ID_HEADER,
      ...Object.fromEntries(Object.entries(r.headers ?? {}).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])),
    };
    responses[status] = { description: r.description, headers, ...(content ? { content } : {}) };
  }
  for (const [status, codes] of errorsByStatus(doc)) {
    if (responses[status]) throw new Error(`openapi: ${id} documents ${status} both as an answer and as an error`);
    responses[status] = {
      description: `Error: ${codes.map((c) => `\`${c}\``).join(', ')}`,
      headers: REQUEST_ID_HEADER,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      'x-error-codes': codes,
    };
  }

  return {
    operationId: id,
    summary: doc.summary,
    ...(doc.description || scopeNote ? { description: `${doc.description ?? ''}${scopeNote}`.trim() } : {}),
    tags: [tag],
    security: security(doc.auth, target === 'openapi-3.0' ? [] : scopes),
    ...(scopes.length ? { 'x-scopes': scopes } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.body.optional,
            content: {
              [doc.body.contentType ?? 'application/json']: {
                schema: component({ ...doc.body, schema: doc.body.documented ?? doc.body.schema }, 'input'),
                ...example(doc.body),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The security schemes some operation names (the metrics token only where /metrics is served under the adapter). */
function usedSchemes(paths: Record<string, Record<string, Json>>, schemes: Json): Json {
  const used = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) for (const req of (op.security ?? []) as Json[]) for (const k of Object.keys(req)) used.add(k);
  }
  return Object.fromEntries(Object.entries(schemes).filter(([k]) => used.has(k)));
}

const example = (n: NamedSchema) => (n.example === undefined ? {} : { example: n.example });

function security(auth: OperationAuth, scopes: readonly string[]): Json[] {
  if (auth === 'none') return [];
  if (auth === 'serverKey') return [{ serverKey: [] }];
  if (auth === 'metricsToken') return [{ metricsToken: [] }];
  if ('session' in auth) return [{ [auth.session]: [] }];
  // OpenAPI 3.1 lets a non-OAuth requirement list roles: the scopes (3.0 does not: empty), also in `x-scopes`.
  return [{ pageToken: [...scopes] }];
}

/** status → codes, from the route's own list plus what its auth, parameters and body imply. */
function errorsByStatus(doc: OperationDoc): [string, string[]][] {
  const all: Record<string, number> = { ...errorsImplied(doc), ...doc.errors };
  const byStatus = new Map<string, string[]>();
  for (const [code, status] of Object.entries(all)) {
    const list = byStatus.get(String(status)) ?? [];
    list.push(code);
    byStatus.set(String(status), list);
  }
  return [...byStatus].map(([s, codes]) => [s, codes.sort()]);
}
