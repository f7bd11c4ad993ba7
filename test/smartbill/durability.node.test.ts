import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { openStore } from '../../src/adapter/store/open.ts';
import { parseConfig } from '../../src/adapter/config.ts';
import { freshTestStore } from '../helpers/store.ts';
import { isBusinessNumber } from '../../src/core/validators.ts';

const ROOT = join(import.meta.dirname, '../..');

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

it('every callback answered 2xx survives a kill -9 of the adapter (SPEC: nothing lost)', async () => {
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
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/adapter/cli.ts', '--config', config, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`adapter exited early (${code})`)));
  });

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
      (await reopened.all<{ com_regno: string }>('SELECT com_regno FROM smartbill_credentials')).map((r) => r.com_regno),
    );
    const lost = acknowledged.filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `${lost.length} acknowledged callbacks lost`);
  } finally {
    await reopened.close();
    await store.drop();
  }
});
