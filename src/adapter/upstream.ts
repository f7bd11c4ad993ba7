import * as z from 'zod/mini';
import { ApiError } from './errors.ts';

export interface UpstreamResult {
  status: number;
  body: unknown;
}

/**
 * One call to a provider's API that answers JSON. Timeouts, network failures,
 * 5xx and non-JSON answers become 502/504 ApiErrors naming the provider; the
 * caller decides what each 2xx–4xx answer means.
 */
export async function upstreamJson(
  doFetch: typeof fetch,
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
): Promise<UpstreamResult> {
  const { timeoutMs, ...rest } = init;
  let res: Response;
  try {
    res = await doFetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ApiError(504, 'upstream_timeout', `${provider} did not answer within ${timeoutMs} ms`, { cause: err });
    }
    throw new ApiError(502, 'upstream_error', `${provider} could not be reached`, { cause: err });
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const name = (err as Error)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw new ApiError(timedOut ? 504 : 502, timedOut ? 'upstream_timeout' : 'upstream_error', `${provider} answer was cut off`, { cause: err });
  }
  if (res.status >= 500) {
    throw new ApiError(502, 'upstream_error', `${provider} answered HTTP ${res.status}`);
  }
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch (err) {
    throw new ApiError(502, 'upstream_error', `${provider} answered HTTP ${res.status} with a body that is not JSON`, { cause: err });
  }
}

/** Validates a provider's answer; a shape we don't know is the provider's fault (502). */
export function parseUpstream<S extends z.ZodMiniType>(provider: string, schema: S, body: unknown): z.output<S> {
  const result = z.safeParse(schema, body);
  if (!result.success) throw new ApiError(502, 'upstream_error', `${provider} answered in an unexpected shape`);
  return result.data;
}
