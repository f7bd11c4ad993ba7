import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/core/server/store/sqlite.ts';
import { createAdapter } from '../../src/server.ts';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { testStoreKind } from '../helpers/store.ts';
import { bounded, eventually } from '../helpers/wait.ts';

describe('adapter core over HTTP', () => {
  let adapter: TestAdapter;
  before(async () => {
    adapter = await startTestAdapter({ basePath: '/erp-api' });
  });
  after(() => adapter.close());

  it('GET /health reports the store', async () => {
    const res = await adapter.call('/health');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; store: string; sandbox: boolean; providers: string[] };
    assert.deepEqual([body.status, body.store, body.sandbox], ['ok', testStoreKind, false]);
    assert.ok(body.providers.includes('iamport'));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('sets nosniff and no-store on every answer, under Node and embedded, and a route keeps its own Cache-Control', async () => {
    const openapi = await adapter.call('/openapi.json');
    assert.deepEqual(
      [openapi.headers.get('cache-control'), openapi.headers.get('x-content-type-options')],
      ['public, max-age=300', 'nosniff'],
      "the route's own Cache-Control wins over the default",
    );
    const missing = await adapter.call('/nope');
    assert.deepEqual([missing.headers.get('cache-control'), missing.headers.get('x-content-type-options')], ['no-store', 'nosniff']);
    // Embedded: the Web-standard handler alone, no Node response to set them on.
    const embedded = createAdapter({ store: { sqlite: ':memory:' }, log: 'silent' });
    try {
      for (const path of ['/health', '/nope', '/openapi.json']) {
        const res = await embedded.fetch(new Request(`http://erp.example/${path.slice(1)}`));
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(res.headers.get('cache-control'), path === '/openapi.json' ? 'public, max-age=300' : 'no-store', path);
      }
    } finally {
      await embedded.close();
    }
  });

  it('answers unknown routes with a JSON 404 and routes outside the base path likewise', async () => {
    const err = await errorOf(await adapter.call('/nope'));
    assert.deepEqual([err.status, err.code], [404, 'not_found']);
    const outside = await fetch(`${adapter.url}/health`);
    assert.equal(outside.status, 404);
  });

  it('refuses request bodies over the limit, whether their length is declared or they arrive chunked', async () => {
    const chunked = (text: string) =>
      ({
        method: 'POST',
        duplex: 'half',
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          },
        }),
      }) as RequestInit;
    const big = 'x'.repeat(70_000); // the default limit is 65,536 bytes
    const declared = await errorOf(await adapter.call('/nope', { method: 'POST', body: big }));
    assert.deepEqual([declared.status, declared.code], [413, 'payload_too_large']);
    const streamed = await errorOf(await adapter.call('/nope', chunked(big)));
    assert.deepEqual([streamed.status, streamed.code], [413, 'payload_too_large']);
    // Under the limit, both reach routing.
    const small = await errorOf(await adapter.call('/nope', chunked('x'.repeat(1000))));
    assert.deepEqual([small.status, small.code], [404, 'not_found']);
    const smallDeclared = await errorOf(await adapter.call('/nope', { method: 'POST', body: 'x'.repeat(1000) }));
    assert.deepEqual([smallDeclared.status, smallDeclared.code], [404, 'not_found']);
  });

  it('logs each request with its query values redacted', async () => {
    await adapter.call('/health?token=abcdef123456');
    const line = adapter.logs.find((l) => l.includes('/health?'));
    assert.ok(line);
    assert.equal(line.includes('abcdef123456'), false);
    assert.match(line, /token=\[redacted\]/);
  });
});

describe('SQLite store', () => {
  it('applies each migration once, in order, and reports what it applied', async () => {
    const store = openSqliteStore(':memory:');
    const migrations = [
      { id: 't/001', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)' },
      { id: 't/002', sql: 'ALTER TABLE t ADD COLUMN w TEXT' },
    ];
    assert.deepEqual(await store.migrate(migrations.slice(0, 1)), ['t/001']);
    assert.deepEqual(await store.migrate(migrations), ['t/002']);
    assert.deepEqual(await store.migrate(migrations), []);
    await store.run('INSERT INTO t (v, w) VALUES (?, ?)', ['a', 'b']);
    assert.deepEqual(await store.get('SELECT v, w FROM t'), { v: 'a', w: 'b' });
    await store.close();
  });

  it('rolls a failed transaction back entirely', async () => {
    const store = openSqliteStore(':memory:');
    await store.migrate([{ id: 't/001', sql: 'CREATE TABLE t (id TEXT PRIMARY KEY)' }]);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.run('INSERT INTO t (id) VALUES (?)', ['x']);
        await tx.run('INSERT INTO t (id) VALUES (?)', ['x']); // unique violation
      }),
    );
    assert.equal((await store.all('SELECT id FROM t')).length, 0);
    await store.close();
  });

  it('group-commits concurrent transactions: a failing one rolls back alone, the others are stored', async () => {
    const store = openSqliteStore(':memory:');
    await store.migrate([{ id: 't/001', sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)' }]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.run('INSERT INTO t (id, n) VALUES (?, ?)', [`row-${i}`, i]);
          if (i === 4) await tx.run('INSERT INTO t (id, n) VALUES (?, ?)', ['row-0', 99]); // duplicate key: this one fails
          return i;
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    const rows = (await store.all<{ id: string; n: number }>('SELECT id, n FROM t ORDER BY n')).map((r) => r.id);
    assert.deepEqual(rows, ['row-0', 'row-1', 'row-2', 'row-3', 'row-5', 'row-6', 'row-7', 'row-8', 'row-9']);
    await store.close();
  });

  it('acknowledges a write only once the WAL is synced, and concurrent writes share the syncs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erp-store-'));
    const store = openSqliteStore(join(dir, 'store.db'));
    // The store syncs through node:fs's fdatasync; hold each call until the test lets it go.
    const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
    const original = fs.fdatasync;
    const held: (() => void)[] = [];
    let holding = false;
    let syncs = 0;
    let syncRequested: (() => void) | undefined;
    fs.fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      syncs += 1;
      if (!holding) return original(fd, cb);
      held.push(() => original(fd, cb));
      syncRequested?.();
    }) as typeof fs.fdatasync;
    syncBuiltinESMExports();
    try {
      await store.migrate([{ id: 't/001', sql: 'CREATE TABLE t (n INTEGER)' }]);
      syncs = 0;
      holding = true;
      const firstSync = new Promise<void>((r) => (syncRequested = r));
      const acked: number[] = [];
      const writes = [
        store.run('INSERT INTO t (n) VALUES (?)', [0]).then(() => acked.push(0)),
        ...[1, 2, 3, 4].map((n) => store.transaction((tx) => tx.run('INSERT INTO t (n) VALUES (?)', [n])).then(() => acked.push(n))),
      ];
      await bounded('the first WAL sync request', firstSync, 10_000);
      // Committed (readable) but not yet on disk: nobody has been told it is stored.
      await eventually(async () => (await store.all('SELECT n FROM t')).length === 5, 'all 5 writes committed');
      assert.deepEqual(acked, []);
      // Let every sync through (the held ones and any later one): each write is acknowledged once its sync is done.
      holding = false;
      while (held.length) held.shift()!();
      await bounded('5 writes acknowledged after their syncs', Promise.all(writes), 10_000);
      assert.deepEqual([...acked].sort(), [0, 1, 2, 3, 4]);
      assert.ok(syncs >= 1 && syncs <= 2, `5 writes took ${syncs} syncs`);
    } finally {
      fs.fdatasync = original;
      syncBuiltinESMExports();
      while (held.length) held.shift()!();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
