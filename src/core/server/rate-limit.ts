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
    id: 'core/004-rate-limits',
    formerly: ['core/002-rate-limits'],
    // full_at: when the bucket is full again; a row past it equals no row and may be deleted.
    sql: `CREATE TABLE IF NOT EXISTS rate_limits (
      bucket_key TEXT PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      updated_at BIGINT NOT NULL,
      full_at BIGINT NOT NULL,
      version BIGINT NOT NULL
    )`,
  },
  {
    id: 'core/005-rate-limits-unlogged',
    formerly: ['core/004-rate-limits-unlogged'],
    // The limiter is not durable data: no WAL for its rows, so a take's commit waits for no flush.
    sql: '-- SQLite: nothing to change',
    postgres: 'ALTER TABLE rate_limits SET UNLOGGED',
  },
];

type BucketRow = { tokens: number; updated_at: number | bigint | string };

/** How often (in takes) full buckets are swept from the table. */
const SWEEP_EVERY = 1000;

// Tokens available at time ?now in the stored row: refilled since updated_at (never negative when clocks differ),
// capped at capacity. Parameters: now, now, refill per ms, capacity, capacity, now, now, refill per ms. CASTs keep
// PostgreSQL from typing them BIGINT; columns are qualified (in an upsert `excluded` is the other row).
const ELAPSED = `(CASE WHEN CAST(? AS BIGINT) > rate_limits.updated_at THEN CAST(? AS BIGINT) - rate_limits.updated_at ELSE 0 END)`;
const AVAILABLE = `(CASE WHEN rate_limits.tokens + ${ELAPSED} * CAST(? AS DOUBLE PRECISION) >= CAST(? AS DOUBLE PRECISION)
  THEN CAST(? AS DOUBLE PRECISION) ELSE rate_limits.tokens + ${ELAPSED} * CAST(? AS DOUBLE PRECISION) END)`;

// ONE statement per take: a new bucket starts full minus the cost (inserted only when the cost fits at all); an
// existing one is refilled, checked and spent in its DO UPDATE, whose WHERE leaves it untouched (no row returned)
// when too few tokens are left. Concurrent takes on any instance serialize on the row.
const TAKE = `INSERT INTO rate_limits (bucket_key, tokens, updated_at, full_at, version)
  SELECT ?, CAST(? AS DOUBLE PRECISION) - CAST(? AS DOUBLE PRECISION), ?, ?, 0 WHERE CAST(? AS DOUBLE PRECISION) <= CAST(? AS DOUBLE PRECISION)
  ON CONFLICT (bucket_key) DO UPDATE SET tokens = ${AVAILABLE} - CAST(? AS DOUBLE PRECISION),
    updated_at = CASE WHEN CAST(? AS BIGINT) > rate_limits.updated_at THEN CAST(? AS BIGINT) ELSE rate_limits.updated_at END,
    full_at = CAST(? AS BIGINT), version = rate_limits.version + 1
  WHERE ${AVAILABLE} >= CAST(? AS DOUBLE PRECISION)
  RETURNING tokens`;

/**
 * Token buckets kept in the store, so every adapter instance spends the same tokens. A take is ONE statement,
 * outside any transaction: the limiter is not durable data. On PostgreSQL the table is UNLOGGED (no WAL, so its
 * commit waits for no flush; a crash empties it, which only refills every bucket); on SQLite the write is not
 * waited for its fsync (it may even land inside another request's batch, and vanish with it if that one fails:
 * the limiter then errs towards letting a request through). Only a refusal reads the row again, for Retry-After.
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
    if (++this.takes % SWEEP_EVERY === 0) await this.store.run('DELETE FROM rate_limits WHERE full_at < ?', [now]);
    const spent = await this.store.get<{ tokens: number }>(TAKE, [
      ...[key, rule.capacity, cost, now, fullAt, cost, rule.capacity],
      ...[...avail, cost, now, now, fullAt],
      ...[...avail, cost],
    ]);
    if (spent) return { ok: true, remaining: Math.floor(Number(spent.tokens)), retryAfterSeconds: 0 };
    const row = await this.store.get<BucketRow>('SELECT tokens, updated_at FROM rate_limits WHERE bucket_key = ?', [key]);
    const stored = Number(row?.tokens ?? rule.capacity);
    const elapsed = Math.max(0, now - Number(row?.updated_at ?? now));
    const available = Math.min(rule.capacity, stored + elapsed * perMs);
    return {
      ok: false,
      remaining: Math.floor(available),
      retryAfterSeconds: Math.max(1, Math.ceil((cost - available) / rule.refillPerSecond)),
    };
  }
}
