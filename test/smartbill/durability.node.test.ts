import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs, { mkdtempSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { openStore } from '../../src/core/server/store/open.ts';
import { parseConfig } from '../../src/server.ts';
import { freshTestStore } from '../helpers/store.ts';
import { isBusinessNumber } from '../../src/core/shared/validators.ts';
import { startTestAdapter } from '../helpers/adapter.ts';
import { spawnBin } from '../helpers/cli.ts';

/** Ten-digit business numbers that pass the check digit. */
function businessNumbers(count: number): string[] {
  const out: string[] = [];
  for (let n = 100_000_000; out.length < count; n++) {
    for (let d = 0; d < 10; d++) {
      const v = `${n}${d}`;
      if (isBusinessNumber(v)) {
        out.push(v);
        break;
      }
    }
  }
  return out;
}

// What this proves: a callback is answered 2xx only after its transaction has committed,
// so a process crash (kill -9) loses nothing acknowledged. It cannot see fsync (the OS
// still holds the written pages after a process dies): surviving power loss rests on the
// store's durability settings (WAL, and a synced WAL before any answer), asserted separately below.
it('a callback is acknowledged only after commit: every one answered 2xx is in the file after kill -9', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'erpw-kill-'));
  const store = await freshTestStore();
  const config = join(dir, 'adapter.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      store: store.config,
      log: 'silent',
      auth: { secret: randomBytes(32).toString('base64') },
      smartbill: { environment: 'demo', encryptionKey: randomBytes(32).toString('base64'), callbackIpAllowList: { enabled: false } },
    }),
  );
  const { child, url } = await spawnBin(['--config', config]);

  // Callbacks keep arriving; the adapter is killed while some are in flight.
  const numbers = businessNumbers(300);
  const acknowledged: string[] = [];
  let killed = false;
  const send = async (regNo: string) => {
    const res = await fetch(`${url}/smartbill/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        COM_REGNO: regNo,
        AUTH_TOKEN: `T-${regNo}-${'x'.repeat(40)}`,
        AUTH_CODE: `C${regNo}${'y'.repeat(21)}`,
        Email: 'a@b.kr',
        pID: 'p',
        SBID: `sb${regNo}`,
        regYn: 'Y',
      }),
    }).catch(() => undefined);
    if (res && res.status >= 200 && res.status < 300) acknowledged.push(regNo);
    if (acknowledged.length === 150 && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  const lanes = 8;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < numbers.length && !killed; i += lanes) await send(numbers[i]!);
    }),
  );
  await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(undefined) : child.once('exit', r)));
  assert.equal(child.signalCode, 'SIGKILL');
  assert.ok(acknowledged.length >= 150, `acknowledged ${acknowledged.length}`);

  const reopened = openStore(parseConfig({ store: store.config }).store);
  try {
    const stored = new Set(
      // No signup attempt matches these callbacks: their credentials are kept apart, as unmatched.
      (await reopened.all<{ com_regno: string }>('SELECT com_regno FROM smartbill_unmatched_credentials')).map((r) => r.com_regno),
    );
    const lost = acknowledged.filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `${lost.length} acknowledged callbacks lost`);
  } finally {
    await reopened.close();
    await store.drop();
  }
});

it('the SQLite store the adapter opens is durable: WAL, and each transaction resolves only after the WAL is synced', async () => {
  // SQLite by name (also when the suite runs on PostgreSQL): these are SQLite's settings.
  const adapter = await startTestAdapter({ store: { sqlite: join(mkdtempSync(join(tmpdir(), 'erpw-sync-')), 'a.db') } });
  const realSync = fs.fdatasync;
  const events: string[] = [];
  // sqlite.ts imports fdatasync by name: syncBuiltinESMExports() makes the ESM binding see the spy.
  fs.fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
    realSync(fd, (err) => {
      events.push('synced');
      cb(err);
    })) as typeof fs.fdatasync;
  syncBuiltinESMExports();
  try {
    // PRAGMA values are per connection: read them on the adapter's own connection.
    const store = adapter.adapter.store;
    assert.equal(store.kind, 'sqlite');
    assert.deepEqual(await store.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
    const { synchronous } = (await store.get<{ synchronous: number }>('PRAGMA synchronous'))!;
    await store.run('CREATE TABLE durability_probe (x INTEGER)');
    events.length = 0;
    await store.transaction((tx) => tx.run('INSERT INTO durability_probe VALUES (1)'));
    events.push('acknowledged');
    if (synchronous === 2) return; // FULL: SQLite syncs inside COMMIT itself
    // NORMAL (1) leaves the WAL unsynced at COMMIT, so the store must sync it before answering; OFF (0) never syncs checkpoints.
    assert.equal(synchronous, 1, 'synchronous is NORMAL (with the store syncing the WAL) or FULL');
    assert.deepEqual(events, ['synced', 'acknowledged'], 'the WAL was synced before the transaction resolved');
  } finally {
    fs.fdatasync = realSync;
    syncBuiltinESMExports();
    await adapter.close();
  }
});
