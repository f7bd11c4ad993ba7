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
  /** The `Accept` header: JSON unless the caller reads another format (the invoice list's NDJSON, XML). */
  accept?: string;
}

/** `adapter` may be relative (`/api`) or absolute; paths are joined without losing its path. */
export function adapterUrl(base: string, path: string): string {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return new URL(path.replace(/^\//, ''), root).href;
}

/**
 * One call to the adapter, answered 2xx. Every failure becomes an ErpError with
 * a stable code: the adapter's own `{ error: { code, message } }` (the message
 * may be missing, e.g. on a 403 `origin_not_allowed`), `http_<status>` for an
 * error that is not the adapter's JSON, or `network_error`, `timeout` when the
 * answer never came.
 */
export async function adapterFetch(base: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(adapterUrl(base, path), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: options.credentials ?? 'same-origin',
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 20_000), ...(options.signal ? [options.signal] : [])]),
    });
  } catch (err) {
    throw new ErpError((err as Error)?.name === 'TimeoutError' ? 'timeout' : 'network_error', undefined, undefined, { cause: err });
  }
  if (res.ok) return res;
  const error = ((await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${res.status}`;
  throw new ErpError(code, typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`, res.status);
}

/** One JSON call to the adapter (errors as `adapterFetch`); the answer must pass `check`, else `invalid_response`. */
export async function adapterRequest<T>(base: string, path: string, check: Guard<T>, options: RequestOptions = {}): Promise<T> {
  const res = await adapterFetch(base, path, options);
  let body: unknown;
  try {
    body = await res.json();
  } catch (cause) {
    throw new ErpError('invalid_response', `HTTP ${res.status}`, res.status, { cause });
  }
  if (!check(body)) throw new ErpError('invalid_response', 'unexpected answer', res.status);
  return body;
}
