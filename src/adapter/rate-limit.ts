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

type BucketRow = { tokens: number; updated_at: number | bigint | string; version: number | bigint | string };

/** How often (in takes) full buckets are swept from the table. */
const SWEEP_EVERY = 1000;

/**
 * Token buckets kept in the store, so every adapter instance spends the same
 * tokens. A refusal only reads; a take writes with compare-and-set on a version
 * column (portable SQL; no lock held between statements), retried on conflict.
 * On SQLite the write joins the store's group commit.
 */
export class StoreRateLimiter implements RateLimiter {
  private takes = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, rule: RateRule, cost = 1): Promise<RateResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.store.get<BucketRow>('SELECT tokens, updated_at, version FROM rate_limits WHERE bucket_key = ?', [key]);
      const now = this.now();
      const available = row
        ? Math.min(rule.capacity, Number(row.tokens) + (Math.max(0, now - Number(row.updated_at)) * rule.refillPerSecond) / 1000)
        : rule.capacity;
      if (available < cost) {
        return {
          ok: false,
          remaining: Math.floor(available),
          retryAfterSeconds: Math.max(1, Math.ceil((cost - available) / rule.refillPerSecond)),
        };
      }
      const left = available - cost;
      const fullAt = now + Math.ceil(((rule.capacity - left) / rule.refillPerSecond) * 1000);
      const sweep = ++this.takes % SWEEP_EVERY === 0;
      const written = await this.store.transaction(async (tx) => {
        if (sweep) await tx.run('DELETE FROM rate_limits WHERE full_at < ?', [now]);
        const r = row
          ? await tx.run(
              'UPDATE rate_limits SET tokens = ?, updated_at = ?, full_at = ?, version = version + 1 WHERE bucket_key = ? AND version = ?',
              [left, now, fullAt, key, Number(row.version)],
            )
          : await tx.run(
              'INSERT INTO rate_limits (bucket_key, tokens, updated_at, full_at, version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (bucket_key) DO NOTHING',
              [key, left, now, fullAt],
            );
        return r.changes === 1;
      });
      if (written) return { ok: true, remaining: Math.floor(left), retryAfterSeconds: 0 };
      // Another request or instance spent from this bucket meanwhile: read again.
    }
    return { ok: false, remaining: 0, retryAfterSeconds: 1 };
  }
}
