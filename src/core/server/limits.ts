import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerToken } from './auth/bearer.ts';
import { ApiError } from './errors.ts';
import type { RateLimiter, RateRule } from './rate-limit.ts';

const limited = (c: Context, seconds: number, what: string): never => {
  c.header('Retry-After', String(seconds));
  throw new ApiError(429, 'rate_limited', `too many requests ${what}; retry after ${seconds} s`);
};

/** The bearer token's bucket key: a hash, so the store never holds a usable token (shorter than 8: no bucket of its own). */
const tokenKey = (authorization: string | undefined): string | undefined => {
  const token = bearerToken(authorization);
  return token && token.length >= 8 ? createHash('sha256').update(token).digest('base64url').slice(0, 22) : undefined;
};

/**
 * Per-IP and per-token token buckets for browser routes (shared by instances
 * through the store). 429 `rate_limited` with `Retry-After`. A request without
 * a known address (embedding without `clientIp`) is limited per token only.
 */
export function rateLimit(
  limiter: RateLimiter,
  rules: { perIp: RateRule | null; perToken: RateRule | null },
  clientIp: (c: Context) => string | undefined,
  onRefused: (limit: 'per_ip' | 'per_token') => void = () => {},
): MiddlewareHandler {
  return async (c, next) => {
    if (rules.perIp) {
      const ip = clientIp(c);
      if (ip) {
        const r = await limiter.take(`ip:${ip}`, rules.perIp);
        if (!r.ok) {
          onRefused('per_ip');
          limited(c, r.retryAfterSeconds, 'from this address');
        }
      }
    }
    if (rules.perToken) {
      const key = tokenKey(c.req.header('authorization'));
      if (key) {
        const r = await limiter.take(`token:${key}`, rules.perToken);
        if (!r.ok) {
          onRefused('per_token');
          limited(c, r.retryAfterSeconds, 'for this token');
        }
      }
    }
    await next();
  };
}

/**
 * Open long-polls on this instance, capped globally and per client (each holds
 * a socket and memory). `stopping` resolves on shutdown: waiting routes answer
 * at once with what they have, so the server can close.
 */
export class LongPolls {
  private open = 0;
  private readonly perClient = new Map<string, number>();
  private stop!: () => void;
  readonly stopping = new Promise<void>((resolve) => (this.stop = resolve));
  stopped = false;

  constructor(
    private readonly limits: { max: number; perClient: number },
    private readonly onRefused: () => void = () => {},
  ) {}

  /** Long-polls open now on this instance. */
  get openCount(): number {
    return this.open;
  }

  /** A release function, or a 429 `too_many_long_polls` (Retry-After) when a cap is reached. */
  acquire(c: Context, client: string | undefined): () => void {
    const key = client ?? '';
    const mine = this.perClient.get(key) ?? 0;
    if (this.open >= this.limits.max || mine >= this.limits.perClient) {
      this.onRefused();
      c.header('Retry-After', '5');
      throw new ApiError(429, 'too_many_long_polls', 'too many open long-polls; retry after 5 s');
    }
    this.open++;
    this.perClient.set(key, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      const n = (this.perClient.get(key) ?? 1) - 1;
      if (n > 0) this.perClient.set(key, n);
      else this.perClient.delete(key);
    };
  }

  /** Ends every wait (shutdown). */
  shutdown(): void {
    this.stopped = true;
    this.stop();
  }
}
