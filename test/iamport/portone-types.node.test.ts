// The fakes and the element's request checked against PortOne's own published types
// (@portone/server-sdk, @portone/browser-sdk): test/iamport/portone-types.ts must compile, and a
// copy with one field out of place must not (so the check can fail).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const FLAGS = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler'];
const more = ['--ignoreConfig', '--allowImportingTsExtensions', '--types', 'node', '--lib', 'es2023,dom'];

function compile(file: string) {
  return spawnSync(process.execPath, [TSC, ...FLAGS, ...more, file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe("PortOne's published types", () => {
  it('the element request, the fake SDK answer and the REST fake answers fit them', () => {
    const r = compile('test/iamport/portone-types.ts');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('a fake answer that does not fit fails the check', () => {
    const dir = mkdtempSync(join(ROOT, 'test/iamport/.tmp-'));
    try {
      const source = readFileSync(join(ROOT, 'src/iamport/sandbox/fake-portone-api.ts'), 'utf8');
      // PortOne calls it verifiedAt; a fake that wrote verified_at would mislead every test built on it.
      const broken = source.replace('verifiedAt: iso(),', 'verified_at: iso(),').replaceAll("'../server/", "'../../../src/iamport/server/");
      assert.notEqual(broken, source, 'the mutation applies');
      writeFileSync(join(dir, 'fake-portone-api.ts'), broken);
      writeFileSync(
        join(dir, 'check.ts'),
        "import type { IdentityVerification } from '@portone/server-sdk/identityVerification';\nimport { createPortoneFake } from './fake-portone-api.ts';\nexport const a: IdentityVerification = createPortoneFake().addVerified({ storeId: 's', id: 'a' });\n",
      );
      const r = compile(join(dir, 'check.ts'));
      assert.notEqual(r.status, 0, 'tsc refuses the mutated fake');
      assert.match(r.stdout, /verified_at|verifiedAt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
