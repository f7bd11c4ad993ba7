import { ErpError } from './erp-error.ts';
import type { Guard } from './guards.ts';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send cookies cross-origin (session-based routes). */
  credentials?: RequestCredentials;
  /** The page token, sent as `Authorization: Bearer …`. */
  token?: string;
}

/** `adapter` may be relative (`/api`) or absolute; paths are joined without losing its path. */
export function adapterUrl(base: string, path: string): string {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return new URL(path.replace(/^\//, ''), root).href;
}

/**
 * One JSON call to the adapter. Every failure becomes an ErpError with a
 * stable code: the adapter's own `{ error: { code, message } }` (the message
 * may be missing, e.g. on a 403 `origin_not_allowed`), or `network_error`,
 * `timeout`, `invalid_response` when the answer never came or makes no sense.
 * Successful answers must pass `check`.
 */
export async function adapterRequest<T>(base: string, path: string, check: Guard<T>, options: RequestOptions = {}): Promise<T> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 20_000), ...(options.signal ? [options.signal] : [])];
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(adapterUrl(base, path), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: options.credentials ?? 'same-origin',
      signal: AbortSignal.any(signals),
    });
  } catch (err) {
    const timeout = (err as Error)?.name === 'TimeoutError';
    throw new ErpError(timeout ? 'timeout' : 'network_error', undefined, undefined, { cause: err });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new ErpError(res.ok ? 'invalid_response' : `http_${res.status}`, `HTTP ${res.status}`, res.status, { cause: err });
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http_${res.status}`;
    throw new ErpError(code, typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`, res.status);
  }
  if (!check(body)) throw new ErpError('invalid_response', 'unexpected answer', res.status);
  return body;
}
