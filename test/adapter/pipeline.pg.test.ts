// Round trips of a transaction on PostgreSQL (src/core/server/store/postgres.ts), read off the wire by the bench's
// counting proxy: a pipelined transaction is one round trip, however many statements and notifications it holds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPgWireCounter } from '../../scripts/bench/pg-wire.ts';
import type { Store } from '../../src/core/server/store/store.ts';
import { freshTestStore, openTestStore, type TestStore } from '../helpers/store.ts';

describe('PostgreSQL transactions on the wire', () => {
  let target: TestStore;
  let wire: Awaited<ReturnType<typeof startPgWireCounter>>;
  let store: Store;
  before(async () => {
    target = await freshTestStore('postgres');
    wire = await startPgWireCounter((target.config as { postgres: { url: string } }).postgres.url);
    store = openTestStore({ postgres: { url: wire.url } });
    await store.migrate([{ id: 't/001', sql: 'CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL)' }]);
    await store.get('SELECT 1 AS warm'); // a connection in the pool
  });
  after(async () => {
    await store.close();
    await wire.stop();
    await target.drop();
  });

  const counted = async (work: () => Promise<unknown>) => {
    const before = wire.counts();
    await work();
    const after = wire.counts();
    return { statements: after.statements - before.statements, roundTrips: after.roundTrips - before.roundTrips };
  };

  it('pipeline: BEGIN, three statements, a notification and COMMIT in one round trip', async () => {
    const got = await counted(() =>
      store.pipeline((tx) => {
        tx.notify('wire.test', 'x');
        return [
          tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['a', 1]),
          tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['b', 2]),
          tx.run('UPDATE t SET n = n + 1 WHERE k = ?', ['a']),
        ];
      }),
    );
    assert.deepEqual(got, { statements: 6, roundTrips: 1 });
  });

  it('transaction: BEGIN goes out with the first statement; each awaited statement is a round trip, COMMIT one more', async () => {
    const got = await counted(() =>
      store.transaction(async (tx) => {
        await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['c', 1]);
        await tx.run('INSERT INTO t (k, n) VALUES (?, ?)', ['d', 1]);
      }),
    );
    assert.deepEqual(got, { statements: 4, roundTrips: 3 });
  });
});
