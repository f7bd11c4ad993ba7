// Issue 21: /ready reports whether migrations are done. An instance whose migrations wait (another instance holds the
// migration lock, as while it migrates) already answers on its port: 503 adapter_starting, then 200 once migrated.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { startServer } from '../../src/core/server/server.ts';
import { providers } from '../../src/providers.ts';
import { MIGRATION_LOCK } from '../../src/core/server/store/postgres.ts';
import { TEST_AUTH } from '../helpers/auth.ts';
import { freshTestStore, pgAdmin, type TestStore } from '../helpers/store.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('readiness while migrations run (PostgreSQL)', { timeout: 30_000 }, () => {
  let store: TestStore;
  let holder: pg.PoolClient | undefined;
  before(async () => {
    store = await freshTestStore('postgres');
  });
  after(async () => {
    holder?.release();
    await store?.drop();
  });

  it('answers /ready 503 adapter_starting while its migrations wait, and 200 once they ran', async () => {
    // Held briefly: the lock is the whole server's, so other test files' adapters wait on it too meanwhile.
    holder = await pgAdmin().connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    const port = await freePort();
    const starting = startServer({ auth: TEST_AUTH, log: 'silent', store: store.config }, { port }, { providers });
    let locked = true;
    try {
      let res: Response | undefined;
      // The listener comes up before the migrations; until then the connection is refused.
      for (let i = 0; i < 100 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => new Promise<undefined>((r) => setTimeout(r, 50)));
      }
      assert.ok(res, 'the listener answered within 5 s');
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'adapter_starting');
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
      locked = false;
      const running = await starting;
      try {
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready', store: 'postgres' }]);
      } finally {
        await running.close();
      }
    } finally {
      if (locked) await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
      await starting.then((r) => r.close()).catch(() => undefined);
    }
  });
});
