import type { Migration, Store } from './store/store.ts';

export interface RateRule {
  /** Largest burst: the bucket holds at most this many tokens. */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
}

export interface RateResult {
  ok: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** When refused: seconds until `cost` tokens are back (for `Retry-After`); 0 when ok. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, rule: RateRule, cost?: number): Promise<RateResult>;
}

export const rateLimitMigrations: Migration[] = [
  {
    id: 'core/002-rate-limits',
    // full_at: when the bucket is full again; a row past it equals no row and may be deleted.
    sql: `CREATE TABLE IF NOT EXISTS rate_limits (
      bucket_key TEXT PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      updated_at BIGINT NOT NULL,
      full_at BIGINT NOT NULL,
      version BIGINT NOT NULL
    )`,
  },
];

type BucketRow = { tokens: number; updated_at: number | bigint | string };

/** How often (in takes) full buckets are swept from the table. */
const SWEEP_EVERY = 1000;

// Tokens available at time ?now: refilled since updated_at (never negative when clocks differ), capped at capacity.
// Parameters: now, now, refill per ms, capacity, capacity, now, now, refill per ms. CASTs keep PostgreSQL from typing them BIGINT.
const ELAPSED = `(CASE WHEN CAST(? AS BIGINT) > updated_at THEN CAST(? AS BIGINT) - updated_at ELSE 0 END)`;
const AVAILABLE = `(CASE WHEN tokens + ${ELAPSED} * CAST(? AS DOUBLE PRECISION) >= CAST(? AS DOUBLE PRECISION)
  THEN CAST(? AS DOUBLE PRECISION) ELSE tokens + ${ELAPSED} * CAST(? AS DOUBLE PRECISION) END)`;

/**
 * Token buckets kept in the store, so every adapter instance spends the same
 * tokens. A take is ONE conditional UPDATE (refill, check and spend in the same
 * statement), so concurrent takes on any instance serialize on the row instead
 * of racing (portable SQL; on PostgreSQL the row lock re-checks the condition).
 * On SQLite the write joins the store's group commit.
 */
export class StoreRateLimiter implements RateLimiter {
  private takes = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, rule: RateRule, cost = 1): Promise<RateResult> {
    const now = Math.floor(this.now());
    const perMs = rule.refillPerSecond / 1000;
    const avail = [now, now, perMs, rule.capacity, rule.capacity, now, now, perMs];
    // Upper bound of when the bucket is full again (only a hint for the sweep).
    const fullAt = now + Math.ceil((rule.capacity / rule.refillPerSecond) * 1000);
    const sweep = ++this.takes % SWEEP_EVERY === 0;
    return this.store.transaction(async (tx) => {
      if (sweep) await tx.run('DELETE FROM rate_limits WHERE full_at < ?', [now]);
      await tx.run(
        'INSERT INTO rate_limits (bucket_key, tokens, updated_at, full_at, version) VALUES (?, ?, ?, ?, 0) ON CONFLICT (bucket_key) DO NOTHING',
        [key, rule.capacity, now, now],
      );
      const spent = await tx.run(
        `UPDATE rate_limits SET tokens = ${AVAILABLE} - CAST(? AS DOUBLE PRECISION),
           updated_at = CASE WHEN CAST(? AS BIGINT) > updated_at THEN CAST(? AS BIGINT) ELSE updated_at END,
           full_at = CAST(? AS BIGINT), version = version + 1
         WHERE bucket_key = ? AND ${AVAILABLE} >= CAST(? AS DOUBLE PRECISION)`,
        [...avail, cost, now, now, fullAt, key, ...avail, cost],
      );
      const row = await tx.get<BucketRow>('SELECT tokens, updated_at FROM rate_limits WHERE bucket_key = ?', [key]);
      const stored = Number(row?.tokens ?? 0);
      if (spent.changes === 1) return { ok: true, remaining: Math.floor(stored), retryAfterSeconds: 0 };
      const elapsed = Math.max(0, now - Number(row?.updated_at ?? now));
      const available = Math.min(rule.capacity, stored + elapsed * perMs);
      return {
        ok: false,
        remaining: Math.floor(available),
        retryAfterSeconds: Math.max(1, Math.ceil((cost - available) / rule.refillPerSecond)),
      };
    });
  }
}
