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
  /** Each login tried (zone and login calls): `ok`, or the error code it failed with. */
  onLogin?: (outcome: string) => void;
}

export function ecountDeps(ctx: AdapterContext): EcountDeps {
  const logins = ctx.metrics.counter({
    name: 'erp_widgets_ecount_logins_total',
    help: 'Ecount logins this instance tried, by outcome (ok, or the error code)',
    labelNames: ['outcome'],
  });
  ctx.metrics.gauge({
    name: 'erp_widgets_ecount_logins_stopped',
    help: 'Ecount companies whose logins are stopped until an operator resets them (ecount reset; all instances)',
    collect: async () =>
      Number((await ctx.store.get<{ n: number | bigint }>('SELECT COUNT(*) AS n FROM ecount_state WHERE blocked_at IS NOT NULL'))?.n ?? 0),
  });
  return { limiter: ctx.rateLimiter, crypto: ctx.crypto, events: ctx.events, onLogin: (outcome) => logins.inc({ outcome }) };
}
