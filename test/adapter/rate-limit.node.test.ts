import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { rateLimitMigrations, StoreRateLimiter } from '../../src/core/server/rate-limit.ts';
import type { Store } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type StoreConfig, type TestStore } from '../helpers/store.ts';

const opened: Store[] = [];
const created: TestStore[] = [];
async function storeAt(config: StoreConfig) {
  const store = openTestStore(config);
  await store.migrate(rateLimitMigrations);
  opened.push(store);
  return store;
}
const freshStore = async () => {
  const t = await freshTestStore();
  created.push(t);
  return t.config;
};

after(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
  for (const t of created) await t.drop();
});

describe('rate limiter: token bucket in the store', () => {
  const rule = { capacity: 3, refillPerSecond: 0.5 };

  it('spends the burst, then refuses with Retry-After seconds, then refills over time', async () => {
    let clock = 1_000_000;
    const limiter = new StoreRateLimiter(await storeAt(await freshStore()), () => clock);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take('ip:1.2.3.4', rule));
    assert.deepEqual(
      results.map((r) => [r.ok, r.remaining]),
      [
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ],
    );
    assert.equal(results[3]!.retryAfterSeconds, 2, 'one token at 0.5/s takes 2 s');
    clock += 1999;
    assert.equal((await limiter.take('ip:1.2.3.4', rule)).ok, false);
    clock += 1;
    assert.equal((await limiter.take('ip:1.2.3.4', rule)).ok, true);
    assert.equal((await limiter.take('ip:other', rule)).remaining, 2, 'keys are separate buckets');
  });

  it('a cost larger than one spends that many tokens', async () => {
    const limiter = new StoreRateLimiter(await storeAt(await freshStore()), () => 5_000);
    assert.deepEqual(await limiter.take('k', { capacity: 10, refillPerSecond: 1 }, 7), { ok: true, remaining: 3, retryAfterSeconds: 0 });
    assert.deepEqual(await limiter.take('k', { capacity: 10, refillPerSecond: 1 }, 7), { ok: false, remaining: 3, retryAfterSeconds: 4 });
  });

  it('two instances on one store share the bucket, also when they race', async () => {
    const path = await freshStore();
    const a = new StoreRateLimiter(await storeAt(path), () => 42_000);
    const b = new StoreRateLimiter(await storeAt(path), () => 42_000);
    const takes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('shared', { capacity: 5, refillPerSecond: 0.001 })),
    );
    assert.equal(takes.filter((t) => t.ok).length, 5, 'exactly the capacity is granted across both');
  });
});
