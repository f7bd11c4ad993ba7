import type { AdapterContext } from '../../core/server/provider.ts';
import type { SqlExecutor } from '../../core/server/store/store.ts';
import type { RateRule } from './limits.ts';

/**
 * What the Ecount provider needs from the adapter beyond the basics, read from
 * the context: the shared token buckets, encryption at rest, and the webhook
 * outbox.
 */
export interface Limiter {
  take(key: string, rule: RateRule, cost?: number): Promise<{ ok: boolean; remaining: number; retryAfterSeconds: number }>;
}
export interface Sealer {
  encrypt(plain: string, context?: string): string;
  decrypt(stored: string, context?: string): string;
}
export interface Outbox {
  enqueue(tx: SqlExecutor, type: string, data: object): Promise<unknown>;
}

export interface EcountDeps {
  limiter: Limiter;
  crypto: Sealer;
  events: Outbox;
}

export function ecountDeps(ctx: AdapterContext): EcountDeps {
  return { limiter: ctx.rateLimiter, crypto: ctx.crypto, events: ctx.events };
}
