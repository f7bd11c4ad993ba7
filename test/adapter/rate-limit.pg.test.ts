// The rate limiter on PostgreSQL (src/core/server/rate-limit.ts): its buckets are not durable data.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rateLimitMigrations, StoreRateLimiter } from '../../src/core/server/rate-limit.ts';
import type { Store } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type TestStore } from '../helpers/store.ts';

describe('rate limiter on PostgreSQL', () => {
  let target: TestStore;
  let store: Store;
  before(async () => {
    target = await freshTestStore('postgres');
    store = openTestStore(target.config);
    await store.migrate(rateLimitMigrations);
  });
  after(async () => {
    await store.close();
    await target.drop();
  });

  it('keeps its buckets in an UNLOGGED table (no WAL, no flush to wait for), and still counts them', async () => {
    const row = await store.get<{ persistence: string }>(
      "SELECT relpersistence AS persistence FROM pg_class WHERE relname = 'rate_limits'",
    );
    assert.equal(row?.persistence, 'u');
    const limiter = new StoreRateLimiter(store, () => 7_000);
    const rule = { capacity: 2, refillPerSecond: 0.1 };
    const takes = [
      await limiter.take('ip:10.0.0.1', rule),
      await limiter.take('ip:10.0.0.1', rule),
      await limiter.take('ip:10.0.0.1', rule),
    ];
    assert.deepEqual(
      takes.map((t) => [t.ok, t.remaining, t.retryAfterSeconds]),
      [
        [true, 1, 0],
        [true, 0, 0],
        [false, 0, 10],
      ],
    );
  });
});
