import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/server.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('adapter config', () => {
  it('fills defaults for an empty config', () => {
    const c = parseConfig({});
    assert.equal(c.auth.mode, 'token');
    assert.equal(c.auth.audience, 'erp-widgets');
    assert.equal(c.basePath, '');
    assert.equal(c.sandbox, false);
    assert.equal(c.bodyLimitBytes, 65536);
  });

  it('names every bad key', () => {
    assert.throws(
      () =>
        parseConfig({
          allowedOrigins: ['https://ok.example', 'https://bad.example/path'],
          iamport: { impKey: 'k' },
          bodyLimitBytes: 'big',
          surprise: 1,
        }),
      (err: Error) =>
        err instanceof ConfigError &&
        /"allowedOrigins\.1"/.test(err.message) &&
        /"iamport\.impSecret"/.test(err.message) &&
        /"bodyLimitBytes"/.test(err.message) &&
        /surprise/.test(err.message),
    );
  });

  it('reads {"env": NAME} values from the environment, and says which variable is missing', () => {
    // Outside the sandbox Iamport needs an at-rest key (its token is stored encrypted).
    const encryptionKey = Buffer.alloc(32, 3).toString('base64');
    const c = parseConfig(
      { encryptionKey, iamport: { impKey: 'key', impSecret: { env: 'TEST_IMP_SECRET' } } },
      { TEST_IMP_SECRET: 'from-env-secret' },
    );
    assert.equal(c.iamport?.impSecret, 'from-env-secret');
    assert.throws(
      () => parseConfig({ iamport: { impKey: 'key', impSecret: { env: 'NOPE_UNSET' } } }, {}),
      /iamport\.impSecret.*NOPE_UNSET/,
    );
  });

  it('the CLI refuses to start on a bad config, naming the key and never printing a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erpw-'));
    const file = join(dir, 'adapter.config.json');
    writeFileSync(file, JSON.stringify({ iamport: { impKey: 'key', impSecret: 'super-secret-value-123' }, basePath: 'api/' }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', file, '--port', '0'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /config key "basePath"/);
    assert.equal((r.stderr + r.stdout).includes('super-secret-value-123'), false);
  });
});
