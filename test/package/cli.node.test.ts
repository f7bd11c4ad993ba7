import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, spawnBin } from '../helpers/cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const tmp = () => mkdtempSync(join(tmpdir(), 'erpw-cli-'));

describe('bin/erp-widgets-adapter.js (the published CLI, spawned with plain node)', () => {
  it('runs the sandbox from its own entry and answers /health', async () => {
    const adapter = await spawnBin(['--sandbox'], { PORT: '' });
    try {
      assert.match(adapter.output(), /\(sandbox: no provider is contacted\)/);
      const res = await fetch(`${adapter.url}/health`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { status: string; sandbox: boolean };
      assert.deepEqual([body.status, body.sandbox], ['ok', true]);
      // The sandbox's pages are mounted: the fake Iamport SDK is served.
      assert.equal((await fetch(`${adapter.url}/sandbox/iamport/iamport.js`)).status, 200);
    } finally {
      await adapter.stop();
    }
  });

  it('runs a production config (no sandbox) from a config file and stops on SIGTERM', async () => {
    const dir = tmp();
    const config = join(dir, 'adapter.config.json');
    writeFileSync(config, JSON.stringify({ store: { sqlite: join(dir, 'a.db') }, basePath: '/erp', log: 'silent' }));
    const adapter = await spawnBin(['--config', config]);
    assert.match(adapter.url, /\/erp$/);
    const body = (await (await fetch(`${adapter.url}/health`)).json()) as { sandbox: boolean };
    assert.equal(body.sandbox, false);
    assert.equal((await fetch(`${adapter.url}/sandbox/iamport/iamport.js`)).status, 404);
    await adapter.stop();
    assert.equal(adapter.child.exitCode, 0);
  });

  it('refuses a bad config with a readable message and exit code 1', () => {
    const dir = tmp();
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ basePath: 42 }));
    const r = spawnSync(process.execPath, [BIN, '--config', config], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /basePath/);
  });

  it('is a JavaScript file that loads the compiled CLI, not TypeScript', () => {
    const text = readFileSync(BIN, 'utf8');
    assert.match(text, /lib\/cli\.js/);
    assert.doesNotMatch(text, /tsx|\.ts['"]/);
    assert.ok(dirname(BIN).endsWith('bin'));
  });
});
