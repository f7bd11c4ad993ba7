import * as z from 'zod/mini';

/** An error the element can show and put in its `…-error` event. */
export class AdapterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AdapterError';
  }
}

export interface RequestOptions<S extends z.ZodMiniType> {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  schema: S;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send cookies cross-origin (session-based routes). */
  credentials?: RequestCredentials;
}

/** `adapter` may be relative (`/api`) or absolute; paths are joined without losing its path. */
export function adapterUrl(base: string, path: string): string {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return new URL(path.replace(/^\//, ''), root).href;
}

/**
 * One JSON call to the adapter. Every failure becomes an AdapterError with a
 * stable code: the adapter's own `{ error: { code, message } }`, or
 * `network_error`, `timeout`, `invalid_response` when the answer never came or
 * makes no sense. Successful answers are checked against `schema`.
 */
export async function adapterRequest<S extends z.ZodMiniType>(
  base: string,
  path: string,
  options: RequestOptions<S>,
): Promise<z.output<S>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  let res: Response;
  try {
    res = await fetch(adapterUrl(base, path), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers:
        options.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: options.credentials ?? 'same-origin',
      signal: AbortSignal.any(signals),
    });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError') throw new AdapterError('timeout', 'timeout', undefined, { cause: err });
    throw new AdapterError('network_error', 'network error', undefined, { cause: err });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new AdapterError(res.ok ? 'invalid_response' : `http_${res.status}`, `HTTP ${res.status}`, res.status, { cause: err });
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (typeof error?.code === 'string' && typeof error.message === 'string') throw new AdapterError(error.code, error.message, res.status);
    throw new AdapterError(`http_${res.status}`, `HTTP ${res.status}`, res.status);
  }
  const parsed = z.safeParse(options.schema, body);
  if (!parsed.success) throw new AdapterError('invalid_response', 'unexpected answer', res.status, { cause: parsed.error });
  return parsed.data;
}
