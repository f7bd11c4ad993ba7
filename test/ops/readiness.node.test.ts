// Issue 21: /ready (store reachable, migrations done) answers 503 while the adapter drains on SIGTERM; /health stays 200.
// The published CLI on this suite's store (SQLite, or PostgreSQL under ERP_WIDGETS_TEST_STORE=postgres).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnBin, type SpawnedAdapter } from '../helpers/cli.ts';
import { freshTestStore, type TestStore } from '../helpers/store.ts';
import { startTestAdapter } from '../helpers/adapter.ts';

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('readiness and drain (issue 21)', { timeout: 60_000 }, () => {
  let store: TestStore;
  let dir: string;
  let adapter: SpawnedAdapter;
  before(async () => {
    store = await freshTestStore();
    dir = mkdtempSync(join(tmpdir(), 'erpw-ready-'));
    const config = join(dir, 'adapter.config.json');
    writeFileSync(config, JSON.stringify({ store: store.config, log: 'silent', shutdown: { drainMs: 1500, graceMs: 1000 } }));
    adapter = await spawnBin(['--config', config]);
  });
  after(async () => {
    await adapter?.stop();
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /ready 200 once migrated, 503 adapter_draining during the SIGTERM drain while /health and other routes answer 200, then exits 0', async () => {
    const ready = await json(await fetch(`${adapter.url}/ready`));
    assert.deepEqual(ready, { status: 200, body: { status: 'ready', store: store.config.postgres ? 'postgres' : 'sqlite' } });

    const exited = new Promise<number | null>((r) => adapter.child.once('exit', r));
    const signalled = Date.now();
    adapter.child.kill('SIGTERM');
    // The drain starts when the signal is handled: wait for its line, not for a guessed time.
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no drain line: ${adapter.output()}`)), 5_000);
      const check = () => /draining for 1500 ms/.test(adapter.output()) && (clearTimeout(t), resolve());
      adapter.child.stdout!.on('data', check);
      check();
    });
    const during = await json(await fetch(`${adapter.url}/ready`));
    assert.equal(during.status, 503);
    assert.equal((during.body.error as { code: string }).code, 'adapter_draining');
    const health = await fetch(`${adapter.url}/health`);
    assert.equal(health.status, 200, 'liveness stays 200 while draining');
    assert.equal(health.headers.get('connection'), 'close', 'answers close their connection while draining');
    assert.equal((await fetch(`${adapter.url}/openapi.json`)).status, 200, 'requests are still served during the drain');

    assert.equal(await exited, 0, adapter.output());
    assert.ok(Date.now() - signalled >= 1500, `exited ${Date.now() - signalled} ms after SIGTERM, before the drain ended`);
    await assert.rejects(fetch(`${adapter.url}/health`), 'the listener is closed after the drain');
  });
});

describe('readiness in-process', () => {
  it('drain() turns /ready to 503 and leaves /health at 200; the store check is part of /ready', async () => {
    const a = await startTestAdapter({});
    try {
      assert.equal((await a.call('/ready')).status, 200);
      a.adapter.drain();
      const res = await a.call('/ready');
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'adapter_draining');
      assert.equal((await a.call('/health')).status, 200);
    } finally {
      await a.close();
    }
  });

  it('a store that stops answering turns /ready to 503 store_unavailable, and back to 200 once it answers', async () => {
    const a = await startTestAdapter({});
    try {
      assert.equal((await a.call('/ready')).status, 200);
      // Fault injection on the live adapter's own store object: the next ping fails as a lost connection would.
      const store = a.adapter.store as { ping(): Promise<void> };
      const ping = store.ping.bind(store);
      store.ping = () => Promise.reject(new Error('connection terminated'));
      const res = await a.call('/ready');
      assert.equal(res.status, 503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'store_unavailable');
      assert.doesNotMatch(body.error.message, /connection terminated/, 'the cause stays in the log, not in the answer');
      store.ping = ping;
      assert.equal((await a.call('/ready')).status, 200, 'ready again once the store answers');
    } finally {
      await a.close();
    }
  });
});
