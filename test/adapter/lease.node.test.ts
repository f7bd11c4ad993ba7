import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/core/server/errors.ts';
import { acquireLease, releaseLease, singleFlight, withLease } from '../../src/core/server/lease.ts';
import { coreMigrations } from '../../src/core/server/migrations.ts';
import { type Store } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type TestStore, testStoreKind } from '../helpers/store.ts';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`cross-instance lease (three store handles on one ${testStoreKind} store, as three adapter instances)`, () => {
  let target: TestStore;
  let stores: Store[];
  before(async () => {
    target = await freshTestStore();
    stores = [openTestStore(target.config), openTestStore(target.config), openTestStore(target.config)];
    for (const s of stores) await s.migrate(coreMigrations);
  });
  after(async () => {
    for (const s of stores) await s.close();
    await target.drop();
  });

  it('withLease: while one instance holds the lease another is refused; after release it is free again', async () => {
    const [a, b] = stores;
    let inside!: () => void;
    const gate = new Promise<void>((r) => (inside = r));
    let entered!: () => void;
    const holding = new Promise<void>((r) => (entered = r));
    const first = withLease(a, 'w1', 10_000, async () => {
      entered();
      await gate;
      return 'a';
    });
    await holding; // a holds the lease (its work is running)
    assert.deepEqual(await withLease(b, 'w1', 10_000, async () => 'b'), { acquired: false });
    inside();
    assert.deepEqual(await first, { acquired: true, value: 'a' });
    assert.deepEqual(await withLease(b, 'w1', 10_000, async () => 'b'), { acquired: true, value: 'b' });
  });

  it('singleFlight: 90 concurrent callers over 3 instances run the work once and all get its result', async () => {
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        singleFlight(stores[i % 3], 'sf1', { ttlMs: 5_000, pollMs: 5 }, async () => {
          runs += 1;
          await sleep(250); // long enough for every caller (on a loaded machine) to arrive while it runs
          return { session: 'one' };
        }),
      ),
    );
    assert.equal(runs, 1);
    assert.equal(results.length, 90);
    for (const r of results) assert.deepEqual(r, { session: 'one' });
  });

  it("singleFlight: the holder's ApiError reaches every waiter with its status and code, and the work ran once", async () => {
    let runs = 0;
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        singleFlight(stores[i % 3], 'sf2', { ttlMs: 5_000, pollMs: 5 }, async () => {
          runs += 1;
          await sleep(250);
          throw new ApiError(502, 'ecount_login_failed', 'login failed');
        }),
      ),
    );
    assert.equal(runs, 1);
    for (const s of settled) {
      assert.equal(s.status, 'rejected');
      const err = (s as PromiseRejectedResult).reason as ApiError;
      assert.ok(err instanceof ApiError);
      assert.deepEqual([err.status, err.code], [502, 'ecount_login_failed']);
    }
  });

  it('renew keeps a live lease; release by a stale holder does not free a newer one', async () => {
    const [a, b] = stores;
    const first = await acquireLease(a, 'sf5', 100);
    assert.ok(first);
    assert.equal(await first.renew(10_000), true);
    await sleep(150);
    assert.equal(await acquireLease(b, 'sf5', 100), undefined, 'renewed lease still held');
    await releaseLease(a, first);
    const second = await acquireLease(b, 'sf5', 10_000);
    assert.ok(second);
    await releaseLease(a, first); // stale: no effect
    assert.equal(await acquireLease(a, 'sf5', 10_000), undefined);
  });
});

// The row lease that waiters poll is SQLite's path; on PostgreSQL singleFlight holds an advisory lock (lease.pg.test.ts).
describe('row leases that waiters poll (SQLite, whichever store the suite runs on)', () => {
  let target: TestStore;
  let stores: Store[];
  before(async () => {
    target = await freshTestStore('sqlite');
    stores = [openTestStore(target.config), openTestStore(target.config)];
    for (const s of stores) await s.migrate(coreMigrations);
  });
  after(async () => {
    for (const s of stores) await s.close();
    await target.drop();
  });

  it('a holder that died (never finished) is taken over after its TTL, not before', async () => {
    const [a, b] = stores;
    const dead = await acquireLease(a, 'sf3', 150);
    assert.ok(dead);
    assert.equal(await acquireLease(b, 'sf3', 150), undefined);
    let runs = 0;
    const started = Date.now();
    const value = await singleFlight(b, 'sf3', { ttlMs: 150, pollMs: 10 }, async () => {
      runs += 1;
      return 7;
    });
    assert.equal(value, 7);
    assert.equal(runs, 1);
    assert.ok(Date.now() - started >= 100, 'took over only once the dead holder expired');
    // The dead holder lost the lease: it can no longer renew it.
    assert.equal(await dead.renew(10_000), false);
  });

  it('a waiter gives up with 503 lease_timeout when the holder outlives waitMs', async () => {
    const [a, b] = stores;
    const held = await acquireLease(a, 'sf4', 10_000);
    assert.ok(held);
    await assert.rejects(
      singleFlight(b, 'sf4', { ttlMs: 10_000, waitMs: 100, pollMs: 10 }, async () => 1),
      (err: ApiError) => err.status === 503 && err.code === 'lease_timeout',
    );
    await releaseLease(a, held);
    assert.equal(await singleFlight(b, 'sf4', { ttlMs: 10_000 }, async () => 2), 2);
  });
});
