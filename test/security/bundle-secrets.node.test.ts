import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSecrets, parseConfig } from '../../src/server.ts';
import { createSandbox } from '../../src/sandbox.ts';

const DIST = join(import.meta.dirname, '../../dist');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

describe('browser bundle', () => {
  it('holds no provider secret and no adapter code', () => {
    assert.ok(existsSync(join(DIST, 'erp-widgets.iife.js')), 'dist/ must be built first (npm test builds it)');
    const secrets = configSecrets(createSandbox(parseConfig({ sandbox: true })).config);
    assert.ok(secrets.length >= 2, 'the sandbox has secrets to look for');
    const all = files(DIST);
    assert.ok(all.some((f) => f.endsWith('.js')));
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      for (const s of secrets) assert.equal(text.includes(s), false, `${file} contains a secret`);
      for (const serverOnly of ['better-sqlite3', 'imp_secret', 'node:crypto']) {
        assert.equal(text.includes(serverOnly), false, `${file} contains server code (${serverOnly})`);
      }
    }
  });
});
