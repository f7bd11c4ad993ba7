import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { coreMigrations } from '../../src/core/server/migrations.ts';
import { nextCounter, type Store, UniqueViolation } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type TestStore, testStoreKind } from '../helpers/store.ts';

// The same store contract on whichever engine the suite runs on (npm test runs it on both).
describe(`store contract (${testStoreKind})`, () => {
  let target: TestStore;
  let store: Store;
  before(async () => {
    target = await freshTestStore();
    store = openTestStore(target.config);
    await store.migrate([
      ...coreMigrations,
      { id: 't/001', sql: 'CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL, b BLOB, note TEXT)' },
      { id: 't/002', sql: 'CREATE INDEX IF NOT EXISTS t_n ON t (n)' },
    ]);
  });
  after(async () => {
    await store.close();
    await target.drop();
  });

  it('reports its kind', () => {
    assert.equal(store.kind, testStoreKind);
  });

  it('binds ? placeholders in order and leaves a ? inside quotes alone', async () => {
    await store.run('INSERT INTO t (k, n, note) VALUES (?, ?, ?)', ['q', 1, 'what?']);
    const row = await store.get<{ k: string; note: string; lit: string }>("SELECT k, note, 'is it?' AS lit FROM t WHERE k = ? AND n = ?", [
      'q',
      1,
    ]);
    assert.deepEqual(row, { k: 'q', note: 'what?', lit: 'is it?' });
  });

  it('maps BIGINT to numbers (bigint past 2^53), COUNT to a number and BLOB to bytes', async () => {
    await store.run('INSERT INTO t (k, n, b) VALUES (?, ?, ?)', ['big', 2 ** 40, new Uint8Array([0, 1, 255])]);
    await store.run('INSERT INTO t (k, n) VALUES (?, ?)', ['huge', 2n ** 62n]);
    const rows = await store.all<{ k: string; n: number | bigint; b: Uint8Array | null }>(
      'SELECT k, n, b FROM t WHERE k IN (?, ?) ORDER BY k',
      ['big', 'huge'],
    );
    assert.equal(rows[0]!.n, 2 ** 40);
    assert.deepEqual([...rows[0]!.b!], [0, 1, 255]);
    assert.equal(BigInt(rows[1]!.n), 2n ** 62n);
    const count = await store.get<{ c: number }>('SELECT COUNT(*) AS c FROM t');
    assert.equal(typeof count!.c, 'number');
  });

  it('throws UniqueViolation on a duplicate key, and changes counts rows', async () => {
    await store.run('INSERT INTO t (k, n) VALUES (?, ?)', ['dup', 1]);
    await assert.rejects(store.run('INSERT INTO t (k, n) VALUES (?, ?)', ['dup', 2]), UniqueViolation);
    assert.deepEqual(await store.run('UPDATE t SET n = n + 1 WHERE k IN (?, ?)', ['dup', 'q']), { changes: 2 });
    assert.deepEqual(await store.run('INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT (k) DO NOTHING', ['dup', 3]), { changes: 0 });
  });

  it('rolls a failed transaction back entirely and rethrows its error', async () => {
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['tx-1', 1]);
        await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['tx-1', 2]);
      }),
      UniqueViolation,
    );
    assert.equal(await store.get('SELECT k FROM t WHERE k = ?', ['tx-1']), undefined);
    assert.equal(await store.transaction(async (tx) => (await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['tx-2', 1])).changes), 1);
  });

  it('pipeline: statements issued together answer in order and commit together, or not at all', async () => {
    const answers = await store.pipeline((tx) => [
      tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-1', 1]),
      tx.run('UPDATE t SET n = n + 1 WHERE k = ?', ['pipe-1']),
      tx.get('SELECT n FROM t WHERE k = ?', ['pipe-1']),
    ]);
    assert.deepEqual(answers, [{ changes: 1 }, { changes: 1 }, { n: 2 }]);
    await assert.rejects(
      store.pipeline((tx) => [
        tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-2', 1]),
        tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-1', 9]), // a duplicate: the whole pipeline fails
        tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-3', 1]),
      ]),
      UniqueViolation,
    );
    assert.deepEqual(await store.all("SELECT k, n FROM t WHERE k LIKE 'pipe-%' ORDER BY k"), [{ k: 'pipe-1', n: 2 }]);
  });

  it('migrates once when several instances start together', async () => {
    const fresh = await freshTestStore();
    const stores = [0, 1, 2].map(() => openTestStore(fresh.config));
    try {
      const migrations = [
        { id: 'm/001', sql: 'CREATE TABLE m (id TEXT PRIMARY KEY)' },
        { id: 'm/002', sql: "INSERT INTO m (id) VALUES ('once')" },
      ];
      const applied = await Promise.all(stores.map((s) => s.migrate(migrations)));
      assert.deepEqual(applied.flat().sort(), ['m/001', 'm/002']);
      assert.deepEqual(await stores[0]!.all('SELECT id FROM m'), [{ id: 'once' }]);
    } finally {
      for (const s of stores) await s.close();
      await fresh.drop();
    }
  });

  it('takes a migration recorded under a former id as applied: records its new id and does not run it again', async () => {
    const fresh = await freshTestStore();
    const s = openTestStore(fresh.config);
    try {
      assert.deepEqual(await s.migrate([{ id: 'r/002-made', sql: 'CREATE TABLE r (id TEXT PRIMARY KEY)' }]), ['r/002-made']);
      // Not idempotent: run again it would fail (the table exists), so the rename must keep it from running.
      const renamed = { id: 'r/001-made', formerly: ['r/002-made'], sql: 'CREATE TABLE r (id TEXT PRIMARY KEY)' };
      assert.deepEqual(await s.migrate([renamed, { id: 'r/002-row', sql: "INSERT INTO r (id) VALUES ('x')" }]), ['r/002-row']);
      assert.deepEqual(await s.migrate([renamed]), []);
      const ids = await s.all<{ id: string }>("SELECT id FROM schema_migrations WHERE id LIKE 'r/%' ORDER BY id");
      assert.deepEqual(
        ids.map((r) => r.id),
        ['r/001-made', 'r/002-made', 'r/002-row'],
      );
    } finally {
      await s.close();
      await fresh.drop();
    }
  });

  it('hands out each counter value once across instances', async () => {
    const other = openTestStore(target.config);
    try {
      const values = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).transaction((tx) => nextCounter(tx, 'contract'))),
      );
      assert.deepEqual(
        values.sort((a, b) => a - b),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    } finally {
      await other.close();
    }
  });

  describe('notifications', () => {
    const collect = (s: Store, channel: string) => {
      const got: (string | null)[] = [];
      const stop = s.listen(channel, (p) => got.push(p));
      return { got, stop };
    };
    const until = async (check: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };

    it('reaches listeners after commit, never for a rolled-back transaction', async () => {
      const l = collect(store, 'contract.tx');
      await store.listening();
      let seenBeforeCommit = -1;
      await store.transaction(async (tx) => {
        tx.notify('contract.tx', 'kept');
        await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['notify-1', 1]);
        seenBeforeCommit = l.got.length;
      });
      await store
        .transaction(async (tx) => {
          tx.notify('contract.tx', 'dropped');
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await store.notify('contract.tx', 'direct');
      await until(() => l.got.length >= 2, 3000);
      await new Promise((r) => setTimeout(r, 100));
      l.stop();
      assert.equal(seenBeforeCommit, 0);
      assert.deepEqual(l.got, ['kept', 'direct']);
    });

    it('pipeline: its notifications reach listeners once it commits, never when a statement failed', async () => {
      const l = collect(store, 'contract.pipe');
      await store.listening();
      await store.pipeline((tx) => {
        tx.notify('contract.pipe', 'kept');
        return [tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-notify', 1])];
      });
      await store
        .pipeline((tx) => {
          tx.notify('contract.pipe', 'dropped');
          return [tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['pipe-notify', 2])];
        })
        .catch(() => undefined);
      await until(() => l.got.length >= 1, 3000);
      await new Promise((r) => setTimeout(r, 200));
      l.stop();
      assert.deepEqual(l.got, ['kept']);
    });

    it('reaches the listeners of another instance sharing the store, and only on their channel', async () => {
      const other = openTestStore(target.config);
      try {
        const mine = collect(other, 'contract.shared');
        const elsewhere = collect(other, 'contract.other');
        await other.listening();
        await store.transaction(async (tx) => {
          tx.notify('contract.shared', 'a');
          tx.notify('contract.shared', 'b');
        });
        // PostgreSQL: LISTEN/NOTIFY at once; SQLite: the shared re-read within its interval (1 s).
        await until(() => mine.got.length >= 2, 5000);
        assert.deepEqual(mine.got, ['a', 'b']);
        assert.deepEqual(elsewhere.got, []);
        mine.stop();
        await store.notify('contract.shared', 'after-unsubscribe');
        await new Promise((r) => setTimeout(r, testStoreKind === 'sqlite' ? 1500 : 300));
        assert.deepEqual(mine.got, ['a', 'b']);
        elsewhere.stop();
      } finally {
        await other.close();
      }
    });
  });
});
