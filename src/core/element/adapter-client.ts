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

/** `adapter_not_found`: something answered at `url`, but not an adapter route. */
const noAdapter = (url: string, cause?: unknown) =>
  new ErpError('adapter_not_found', `no adapter route at ${url}`, 404, {
    cause,
    hint: `no erp-widgets adapter answered at ${url}: check the adapter attribute and the adapter's basePath`,
    data: { url },
  });

/** The adapter at `url` refused this page's origin (its CORS allow-list). */
export function originNotAllowed(url: string, message?: string): ErpError {
  const origin = location.origin;
  return new ErpError('origin_not_allowed', message, 403, {
    hint: `the adapter at ${url} does not allow this page's origin ${origin}: add it to allowedOrigins (npm start: --allow-origin ${origin})`,
    data: { origin },
  });
}

/**
 * fetch(), with its failures as ErpErrors: `timeout`, `network_error` (nothing answered), or `adapter_not_found`.
 * A browser reports an answer without CORS headers (a wrong path's 404 from the adapter or another server) exactly
 * like a network failure; an opaque `no-cors` request to the same URL tells the two apart.
 */
async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as Error)?.name === 'TimeoutError') throw new ErpError('timeout', undefined, undefined, { cause: err });
    const answered =
      !init.signal?.aborted &&
      (await fetch(url, { mode: 'no-cors', credentials: 'omit', signal: AbortSignal.timeout(5000) }).then(
        () => true,
        () => false,
      ));
    if (answered) throw noAdapter(url, err);
    throw new ErpError('network_error', undefined, undefined, {
      cause: err,
      hint: `nothing answered at ${url} (network down, or the adapter is not running)`,
      data: { url },
    });
  }
}

/**
 * One call to the adapter, answered 2xx. Every failure becomes an ErpError with
 * a stable code: the adapter's own `{ error: { code, message } }` (the message
 * may be missing, e.g. on a 403 `origin_not_allowed`), `http_<status>` for an
 * error that is not the adapter's JSON, `adapter_not_found` when no adapter route
 * answered at the URL (a wrong `adapter` path), or `network_error`, `timeout`
 * when the answer never came.
 */
export async function adapterFetch(base: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const url = adapterUrl(base, path);
  const res = await reach(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: options.credentials ?? 'same-origin',
    signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 20_000), ...(options.signal ? [options.signal] : [])]),
  });
  if (res.ok) return res;
  const error = ((await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = error?.code;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
  // Not JSON, or the adapter's own "no route" (a wrong path under its host, an older adapter): no adapter route here.
  if (res.status === 404 && (typeof code !== 'string' || (code === 'not_found' && message.startsWith('no route for '))))
    throw noAdapter(url);
  if (typeof code !== 'string') throw new ErpError(`http_${res.status}`, message, res.status);
  throw code === 'origin_not_allowed' ? originNotAllowed(url, message) : new ErpError(code, message, res.status);
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
