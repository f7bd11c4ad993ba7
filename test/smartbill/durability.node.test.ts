import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { isBusinessNumber } from '../../src/core/validators.ts';
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
// durability pragmas, asserted separately below.
it('a callback is acknowledged only after commit: every one answered 2xx is in the file after kill -9', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'erpw-kill-'));
  const db = join(dir, 'adapter.db');
  const config = join(dir, 'adapter.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      store: { sqlite: db },
      log: 'silent',
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

  const reopened = new Database(db, { readonly: true });
  try {
    const stored = new Set(
      (reopened.prepare('SELECT com_regno FROM smartbill_credentials').all() as { com_regno: string }[]).map((r) => r.com_regno),
    );
    const lost = acknowledged.filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `${lost.length} acknowledged callbacks lost`);
  } finally {
    reopened.close();
  }
});

it('the store the adapter opens syncs every commit to disk (journal_mode=WAL, synchronous=FULL)', async () => {
  const adapter = await startTestAdapter();
  try {
    // PRAGMA values are per connection: read them on the adapter's own connection.
    assert.equal(adapter.adapter.store.kind, 'sqlite');
    assert.deepEqual(await adapter.adapter.store.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
    assert.deepEqual(await adapter.adapter.store.get('PRAGMA synchronous'), { synchronous: 2 }, '2 = FULL');
  } finally {
    await adapter.close();
  }
});
