import type { Context, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import type { Auth, ScopeOf } from '../auth/auth.ts';
import { ApiError } from '../errors.ts';
import { describeIssues, readJson, validate } from '../http.ts';

/** Who may call an operation; decides its guard, its `security` and the auth errors it can answer. */
export type OperationAuth =
  /**
   * A page token with this scope: the operation puts `auth.require(scope)` in front of its handler. Several scopes: the
   * request picks one (`scopeOf`). `anonymous`: a request without any token passes as an anonymous principal.
   */
  | { scope: string; note?: string; anonymous?: boolean }
  | { scope: readonly string[]; scopeOf: ScopeOf; note?: string }
  /** A browser session of the provider's own: the security scheme it declares (`ProviderModule.securitySchemes`), e.g. a cookie. */
  | { session: string }
  /** `Authorization: Bearer <server key>`: the ERP's backend (`/server/…`, guarded there). */
  | 'serverKey'
  /** `Authorization: Bearer <metrics token>` (`metrics.token`): the Prometheus scraper (guarded by its route). */
  | 'metricsToken'
  /** Anyone: provider-facing routes (callbacks, the gate) and public ones. */
  | 'none';

type Schema = z.core.$ZodType;

/** A schema that becomes a named entry of `components.schemas` (names become classes in generated Java/C# clients). */
export interface NamedSchema {
  name: string;
  schema: Schema;
  /** A sample value, published as the media type's `example` (and sent by the test). */
  example?: unknown;
}

export interface ResponseDoc {
  description: string;
  /** JSON body (default media type application/json). */
  body?: NamedSchema;
  /** A non-JSON body, e.g. `application/xml` with a string. */
  contentType?: string;
  /** Response headers worth a client's attention, e.g. Location on a 303. */
  headers?: Record<string, string>;
}

export interface BodyDoc extends NamedSchema {
  /** Default application/json, read and validated before the handler; any other type is read by the handler. */
  contentType?: string;
  /** No body at all is allowed (the handler gets `undefined`). */
  optional?: boolean;
  /** The handler reads the body itself (it takes more than JSON, or answers its own error code): `schema` only documents. */
  readByHandler?: boolean;
  /** Documented instead of `schema` when the handler checks more than `schema` does (and answers per field). */
  documented?: Schema;
}

/**
 * One route: what it takes, who may call it, what it answers. Method and path come from the Hono route itself.
 * Its params, query and JSON body are validated with these same schemas before the handler runs, so what the
 * document says is what the route checks.
 */
export interface OperationDoc {
  summary: string;
  description?: string;
  auth: OperationAuth;
  /** Path parameter schemas; a parameter with none is documented as a plain string and passed as it is. */
  params?: Record<string, Schema>;
  /** A z.object of query parameters. */
  query?: Schema;
  body?: BodyDoc;
  responses: Record<number, ResponseDoc>;
  /** Error codes this route answers beyond the ones its auth and body imply: code → HTTP status. */
  errors?: Record<string, number>;
  /** The error for params or query that fail their schema (default 400 `invalid_request`), e.g. 404 for an id that cannot exist. */
  invalid?: (message: string) => ApiError;
}

type Out<S> = S extends Schema ? z.output<S> : never;

/** What the handler gets, validated and typed by the operation's own schemas. */
export interface OperationInput<D extends OperationDoc> {
  params: D['params'] extends Record<string, Schema> ? { [K in keyof D['params']]: Out<D['params'][K]> } : Record<string, string>;
  query: D['query'] extends Schema ? Out<D['query']> : Record<string, string>;
  body: D['body'] extends { readByHandler: true }
    ? undefined
    : D['body'] extends { schema: infer S; optional: true }
      ? Out<S> | undefined
      : D['body'] extends { schema: infer S }
        ? Out<S>
        : undefined;
}

const OPERATION = Symbol('erp-widgets.openapi.operation');
type Documented = MiddlewareHandler & { [OPERATION]?: OperationDoc };

/** The operation a route handler carries, if any (the OpenAPI document is built from `app.routes`). */
export function operationOf(handler: unknown): OperationDoc | undefined {
  return typeof handler === 'function' ? (handler as Documented)[OPERATION] : undefined;
}

const isJson = (body: BodyDoc) => !body.readByHandler && (body.contentType ?? 'application/json') === 'application/json';

async function inputOf<D extends OperationDoc>(c: Context, doc: D): Promise<OperationInput<D>> {
  const checked = <S extends Schema>(schema: S, value: unknown) => {
    if (!doc.invalid) return validate(schema, value);
    const result = z.safeParse(schema, value);
    if (!result.success) throw doc.invalid(describeIssues(result.error.issues));
    return result.data;
  };
  const params = doc.params ? checked(z.object(doc.params), c.req.param()) : c.req.param();
  const query = doc.query ? checked(doc.query, c.req.query()) : c.req.query();
  let body: unknown;
  if (doc.body && isJson(doc.body) && !(doc.body.optional && !(await c.req.text()))) body = await readJson(c, doc.body.schema);
  return { params, query, body } as OperationInput<D>;
}

const open: MiddlewareHandler = (_c, next) => next();

/** The page-token check an operation's auth asks for (the server key is checked for all of `/server` at once). */
function guardOf(a: OperationAuth, auth: Pick<Auth, 'require'>): MiddlewareHandler {
  if (typeof a !== 'object' || !('scope' in a)) return open;
  // scopeOf runs after the token is verified: what it looks up (an allow-list) is not probed by callers without one.
  if ('scopeOf' in a) return auth.require(a.scopeOf);
  return auth.require(a.scope, { anonymous: a.anonymous });
}

/**
 * Declares a route once: `app.post(path, ...operation(doc, handler))`. The doc is what `/openapi.json` publishes;
 * the same doc guards the route (a scope's page token), validates its params, query and JSON body, and hands the
 * handler the parsed values. A route without an operation shows up in the OpenAPI completeness test.
 */
export function createOperations(auth: Pick<Auth, 'require'>, precondition?: Precondition) {
  return function operation<const D extends OperationDoc>(
    doc: D,
    handler: (c: Context, input: OperationInput<D>) => Response | Promise<Response>,
  ): [guard: MiddlewareHandler, run: MiddlewareHandler] {
    const run: Documented = async (c) => {
      precondition?.check();
      return handler(c, await inputOf(c, doc));
    };
    run[OPERATION] = precondition ? { ...doc, errors: { ...precondition.errors, ...doc.errors } } : doc;
    return [guardOf(doc.auth, auth), run];
  };
}

/** Checked after the guard and before the input (e.g. the provider's config section is there), with the errors it answers. */
export interface Precondition {
  check(): void;
  errors: Record<string, number>;
}

/** `operation` for the routes that need no page token (server API, provider-facing, public). */
export const operation = createOperations({
  require() {
    throw new Error('this route needs a page token: use ctx.operation (bound to the adapter’s auth)');
  },
});

export type Operation = ReturnType<typeof createOperations>;
