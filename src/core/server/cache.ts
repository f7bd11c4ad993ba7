import type { Store } from './store/store.ts';

/**
 * Expiring key/value entries kept in the store, so every adapter instance sees
 * the same provider token or session.
 */
export class StoreCache {
  constructor(
    /** The store the entries live in (for leases guarding a refresh of one entry). */
    readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string): Promise<{ value: T; expiresAt: number } | undefined> {
    const row = await this.store.get<{ cache_value: string; expires_at: number | bigint }>(
      'SELECT cache_value, expires_at FROM cache WHERE cache_key = ?',
      [key],
    );
    if (!row) return undefined;
    const expiresAt = Number(row.expires_at);
    if (expiresAt <= this.now()) return undefined;
    return { value: JSON.parse(row.cache_value) as T, expiresAt };
  }

  async set(key: string, value: unknown, expiresAt: number): Promise<void> {
    await this.store.run(
      `INSERT INTO cache (cache_key, cache_value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (cache_key) DO UPDATE SET cache_value = excluded.cache_value, expires_at = excluded.expires_at`,
      [key, JSON.stringify(value), Math.floor(expiresAt)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.store.run('DELETE FROM cache WHERE cache_key = ?', [key]);
  }
}
