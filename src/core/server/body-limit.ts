import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

/**
 * Refuses request bodies over `maxSize` bytes (413 payload_too_large).
 * GET and HEAD carry no body, and a declared Content-Length is checked from the
 * header alone: neither touches `c.req.raw.body`, which on @hono/node-server
 * builds a full Request around a stream and takes the body off its fast read
 * path. Only chunked bodies (no length) are counted while they are read.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new ApiError(413, 'payload_too_large', `request body is larger than ${maxSize} bytes`);
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    if (c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    const length = c.req.header('content-length');
    if (length !== undefined && !(Number(length) <= maxSize)) tooLarge();
    return next();
  };
}
