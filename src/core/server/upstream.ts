import * as z from 'zod/mini';
import { AdapterClosingError, ApiError } from './errors.ts';

export interface UpstreamResult {
  status: number;
  body: unknown;
}

const timedOut = (err: unknown) => ['TimeoutError', 'AbortError'].includes((err as Error)?.name);

/**
 * One call to a provider, read as text. Timeouts (504), network failures and
 * 5xx (502) become ApiErrors naming the provider; the caller decides what each
 * 2xx–4xx answer means.
 */
export async function upstreamText(
  doFetch: typeof fetch,
  provider: string,
  url: string | URL,
  init: RequestInit & { timeoutMs: number },
): Promise<{ status: number; text: string }> {
  const { timeoutMs, ...rest } = init;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (err) {
    if (err instanceof AdapterClosingError) throw err;
    if (timedOut(err)) throw new ApiError(504, 'upstream_timeout', `${provider} did not answer within ${timeoutMs} ms`, { cause: err });
    throw new ApiError(502, 'upstream_error', `${provider} could not be reached`, { cause: err });
  }
  if (res.status >= 500) throw new ApiError(502, 'upstream_error', `${provider} answered HTTP ${res.status}`);
  return { status: res.status, text };
}

/** `upstreamText` for providers that answer JSON; a body that is not JSON is a 502. */
export async function upstreamJson(
  doFetch: typeof fetch,
  provider: string,
  url: string | URL,
  init: RequestInit & { timeoutMs: number },
): Promise<UpstreamResult> {
  const { status, text } = await upstreamText(doFetch, provider, url, init);
  try {
    return { status, body: JSON.parse(text) };
  } catch (err) {
    throw new ApiError(502, 'upstream_error', `${provider} answered HTTP ${status} with a body that is not JSON`, { cause: err });
  }
}

/** Validates a provider's answer; a shape we don't know is the provider's fault (502). */
export function parseUpstream<S extends z.ZodMiniType>(provider: string, schema: S, body: unknown): z.output<S> {
  const result = z.safeParse(schema, body);
  if (!result.success) throw new ApiError(502, 'upstream_error', `${provider} answered in an unexpected shape`);
  return result.data;
}
