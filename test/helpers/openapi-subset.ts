import * as z from 'zod';

/**
 * The part of OpenAPI 3.1 the adapter emits, written from the specification (spec.openapis.org/oas/v3.1.0),
 * strictly: an unknown or misspelt field fails. There is no OpenAPI validator among the dependencies, and this
 * keeps it that way; JSON Schemas inside are checked separately (they must load with `z.fromJSONSchema`).
 */
const jsonSchema = z.record(z.string(), z.unknown());
const ref = z.strictObject({ $ref: z.string().regex(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/) });
const schemaOrRef = z.union([ref, jsonSchema]);
const extensions = {
  'x-error-codes': z
    .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
    .min(1)
    .optional(),
};

const mediaType = z.strictObject({ schema: schemaOrRef, example: z.unknown().optional() });
const content = z.record(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/), mediaType);
const header = z.strictObject({ description: z.string(), schema: jsonSchema });

const parameter = z
  .strictObject({
    name: z.string().min(1),
    in: z.enum(['path', 'query', 'header', 'cookie']),
    required: z.boolean(),
    description: z.string().optional(),
    schema: jsonSchema,
  })
  // "If the parameter location is path, this property is REQUIRED and its value MUST be true."
  .refine((p) => p.in !== 'path' || p.required, 'path parameters are required');

const response = z.strictObject({
  description: z.string().min(1),
  headers: z.record(z.string(), header).optional(),
  content: content.optional(),
  ...extensions,
});

export const operationSchema = z.strictObject({
  operationId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  summary: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).min(1),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  'x-scopes': z.array(z.string()).optional(),
  parameters: z.array(parameter).optional(),
  requestBody: z.strictObject({ required: z.boolean(), content }).optional(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), response).refine((r) => Object.keys(r).length > 0, 'at least one response'),
});
export type Operation = z.infer<typeof operationSchema>;

const securityScheme = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('http'), scheme: z.string(), bearerFormat: z.string().optional(), description: z.string().optional() }),
  z.strictObject({
    type: z.literal('apiKey'),
    in: z.enum(['query', 'header', 'cookie']),
    name: z.string(),
    description: z.string().optional(),
  }),
]);

export const openApiSubset = z.strictObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.strictObject({
    title: z.string(),
    version: z.string(),
    description: z.string().optional(),
    license: z.strictObject({ name: z.string(), identifier: z.string() }).optional(),
  }),
  servers: z.array(z.strictObject({ url: z.string() })).min(1),
  tags: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  // Path templates start with `/`; methods are the lowercase fixed fields of a Path Item.
  paths: z.record(
    z.string().regex(/^\/[^?#]*$/),
    z.partialRecord(z.enum(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']), operationSchema),
  ),
  components: z.strictObject({
    schemas: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), jsonSchema),
    securitySchemes: z.record(z.string(), securityScheme),
  }),
});
export type OpenApiSubset = z.infer<typeof openApiSubset>;

/** Every `$ref` in a value, with where it was found. */
export function refsIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (!value || typeof value !== 'object') return [];
  const out: { ref: string; at: string }[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at });
    else out.push(...refsIn(v, `${at}/${k}`));
  }
  return out;
}

/** Resolves a local JSON pointer (`#/components/schemas/X`) in the document. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
