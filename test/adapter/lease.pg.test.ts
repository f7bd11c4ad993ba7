// Leases on PostgreSQL (src/core/server/lease-pg.ts): an advisory lock, waiters woken by notification.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../src/core/server/errors.ts';
import { type Lease, singleFlight, withLease } from '../../src/core/server/lease.ts';
import { coreMigrations } from '../../src/core/server/migrations.ts';
import { type Store } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type TestStore } from '../helpers/store.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A signal the holder's work raises once it runs (so a waiter starts only when the lease is held). */
function signal(): { raised: Promise<void>; raise: () => void } {
  let raise!: () => void;
  return { raised: new Promise<void>((r) => (raise = r)), raise };
}
/** Waiters that would only notice by re-trying: a minute, far beyond these tests' timeouts. */
const NO_RECHECK = 60_000;

describe('leases on PostgreSQL: advisory locks, waiters woken by notification', { timeout: 30_000 }, () => {
  let target: TestStore;
  let stores: Store[];
  before(async () => {
    target = await freshTestStore('postgres');
    stores = [openTestStore(target.config), openTestStore(target.config), openTestStore(target.config)];
    for (const s of stores) await s.migrate(coreMigrations);
  });
  after(async () => {
    for (const s of stores) await s.close();
    await target.drop();
  });

  it('waiters on two other instances wake when the holder finishes, and take its result (no re-trying)', async () => {
    const [a, b, c] = stores as [Store, Store, Store];
    let runs = 0;
    let finish!: () => void;
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const work = async () => {
      runs += 1;
      started();
      await new Promise<void>((r) => (finish = r));
      return { token: 'from-a' };
    };
    const holder = singleFlight(a, 'p1', { ttlMs: 10_000 }, work);
    await inside;
    // Neither a re-try nor waitMs would end their wait within the minute: only the holder's notification can.
    const waiters = [b, c].map((s) => singleFlight(s, 'p1', { ttlMs: NO_RECHECK, recheckMs: NO_RECHECK }, work));
    await sleep(200);
    assert.equal(runs, 1, 'the waiters wait');
    finish();
    const notWoken = sleep(15_000).then(() => 'not woken');
    assert.deepEqual(await Promise.race([Promise.all([holder, ...waiters]), notWoken]), [
      { token: 'from-a' },
      { token: 'from-a' },
      { token: 'from-a' },
    ]);
    assert.equal(runs, 1);
  });

  it('withLease: refused while another instance holds it, free afterwards; another schema with the same name is not blocked', async () => {
    const [a, b] = stores as [Store, Store];
    let release!: () => void;
    const running = signal();
    const held = withLease(a, 'p2', 10_000, () => {
      running.raise();
      return new Promise<string>((r) => (release = () => r('a')));
    });
    await running.raised;
    assert.deepEqual(await withLease(b, 'p2', 10_000, async () => 'b'), { acquired: false });
    const other = await freshTestStore('postgres');
    const elsewhere = openTestStore(other.config);
    try {
      assert.deepEqual(await withLease(elsewhere, 'p2', 10_000, async () => 'other schema'), { acquired: true, value: 'other schema' });
    } finally {
      await elsewhere.close();
      await other.drop();
    }
    release();
    assert.deepEqual(await held, { acquired: true, value: 'a' });
    assert.deepEqual(await withLease(b, 'p2', 10_000, async () => 'b'), { acquired: true, value: 'b' });
  });

  it('a holder whose process is killed (SIGKILL) is taken over at once, not after its TTL', async () => {
    const [, b] = stores as [Store, Store];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../helpers/lease-holder.ts'), JSON.stringify(target.config), 'p3'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout! });
      await new Promise<void>((resolve, reject) => {
        lines.on('line', (l) => l === 'holding' && resolve());
        child.once('exit', (code) => reject(new Error(`holder exited (${code})`)));
      });
      assert.deepEqual(await withLease(b, 'p3', 10_000, async () => 'b'), { acquired: false }, 'the other process holds it');
      let runs = 0;
      // TTL 60 s, waitMs 15 s: only the lock's release on the holder's death (seen at a re-try) lets this run.
      const waiter = singleFlight(b, 'p3', { ttlMs: 60_000, waitMs: 15_000, recheckMs: 100 }, async () => {
        runs += 1;
        return 'taken over';
      });
      await sleep(300);
      assert.equal(runs, 0, 'nobody takes a live holder’s lease');
      child.kill('SIGKILL');
      assert.equal(await waiter, 'taken over');
      assert.equal(runs, 1);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a hung holder is cut off by PostgreSQL after its TTL and its lease taken over; the holder’s process lives on', async () => {
    const [a, b] = stores as [Store, Store];
    let unhang!: () => void;
    let lease!: Lease;
    const running = signal();
    const hung = singleFlight(a, 'p4', { ttlMs: 300 }, async (l) => {
      lease = l;
      running.raise();
      await new Promise<void>((r) => (unhang = r));
      return 'late';
    });
    await running.raised;
    const taken = await singleFlight(b, 'p4', { ttlMs: 300, waitMs: 15_000, recheckMs: 100 }, async () => 'taken over');
    assert.equal(taken, 'taken over');
    assert.equal(await lease.renew(10_000), false, 'the hung holder lost its lease');
    unhang();
    assert.equal(await hung, 'late', "the holder's own callers still get its result");
  });

  it('renew keeps a slow holder’s lease past its first TTL: the waiter gets the holder’s result', async () => {
    const [a, b] = stores as [Store, Store];
    let runs = 0;
    const running = signal();
    // Renewed every 400 ms for 3 s each time, working 4 s in all: past the first TTL. The margin is for a loaded
    // machine: a holder starved for longer than its TTL loses the lease by design (1.5 s was seen lost at load 10).
    const slow = singleFlight(a, 'p5', { ttlMs: 3_000 }, async (l) => {
      runs += 1;
      running.raise();
      for (let i = 0; i < 10; i++) {
        await sleep(400);
        assert.equal(await l.renew(3_000), true);
      }
      return 'slow';
    });
    await running.raised;
    const waiter = await singleFlight(b, 'p5', { ttlMs: 3_000, waitMs: 15_000, recheckMs: 50 }, async () => {
      runs += 1;
      return 'waiter';
    });
    assert.deepEqual([await slow, waiter, runs], ['slow', 'slow', 1]);
  });

  it('a waiter gives up with 503 lease_timeout when the holder outlives waitMs', async () => {
    const [a, b] = stores as [Store, Store];
    let finish!: () => void;
    const running = signal();
    const holder = singleFlight(a, 'p6', { ttlMs: 10_000 }, () => {
      running.raise();
      return new Promise<number>((r) => (finish = () => r(1)));
    });
    await running.raised;
    await assert.rejects(
      singleFlight(b, 'p6', { ttlMs: 10_000, waitMs: 300 }, async () => 2),
      (err: ApiError) => err.status === 503 && err.code === 'lease_timeout',
    );
    finish();
    assert.equal(await holder, 1);
  });
});
