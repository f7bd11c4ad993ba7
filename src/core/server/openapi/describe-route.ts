import type { MiddlewareHandler } from 'hono';
import type * as z from 'zod/mini';

/** Who may call an operation; decides its `security` and the auth errors it can answer. */
export type OperationAuth =
  /** A page token with this scope (several: the route picks one per request). */
  | { scope: string | readonly string[]; note?: string }
  /** A browser session of the provider's own: the security scheme it declares (`ProviderModule.securitySchemes`), e.g. a cookie. */
  | { session: string }
  /** `Authorization: Bearer <server key>`: the ERP's backend (`/server/…`). */
  | 'serverKey'
  /** `Authorization: Bearer <metrics token>` (`metrics.token`): the Prometheus scraper. */
  | 'metricsToken'
  /** Anyone: provider-facing routes (callbacks, the gate) and public ones. */
  | 'none';

/** A schema that becomes a named entry of `components.schemas` (names become classes in generated Java/C# clients). */
export interface NamedSchema {
  name: string;
  schema: z.ZodMiniType;
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

/** What the OpenAPI document says about one route; method and path come from the live Hono route itself. */
export interface OperationDoc {
  summary: string;
  description?: string;
  auth: OperationAuth;
  /** Path parameter schemas; a parameter with none is documented as a plain string. */
  params?: Record<string, z.ZodMiniType>;
  /** A z.object of query parameters. */
  query?: z.ZodMiniType;
  /** JSON request body (or `contentType` for a form post). */
  body?: NamedSchema & { contentType?: string; optional?: boolean };
  responses: Record<number, ResponseDoc>;
  /** Error codes this route answers beyond the ones its auth and body imply: code → HTTP status. */
  errors?: Record<string, number>;
}

/**
 * Docs are functions, read when the document is built: a route file and its docs file may then import each
 * other (the docs use the route's schemas) without one reading the other's exports before they exist.
 */
export type LazyDoc = () => OperationDoc;

const OPERATION = Symbol('erp-widgets.openapi.operation');
type Documented = MiddlewareHandler & { [OPERATION]?: LazyDoc };

/**
 * Put first in a route's handlers: `app.post(path, describeRoute(doc), …)`. It does nothing at request time;
 * the OpenAPI document is built from Hono's own route list (`app.routes`), so a route's method and path are
 * never written twice, and a route without one shows up in the completeness test.
 */
export function describeRoute(doc: LazyDoc): MiddlewareHandler {
  const noop: Documented = (_c, next) => next();
  noop[OPERATION] = doc;
  return noop;
}

/** The doc attached to a route handler by `describeRoute`, if any. */
export function operationOf(handler: unknown): OperationDoc | undefined {
  return typeof handler === 'function' ? (handler as Documented)[OPERATION]?.() : undefined;
}
