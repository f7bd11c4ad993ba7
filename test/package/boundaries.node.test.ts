// The runtime boundary is an ESLint rule (eslint.config.js): each case below is linted as if it
// were a file in that folder, so a rule that stops matching fails here, not in a consumer's app.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(import.meta.dirname, '../..');
// Type information is not needed for import rules, and these files do not exist on disk.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('what runs where: import boundaries enforced by lint', () => {
  const browserFiles = ['src/iamport/element/x.ts', 'src/core/element/x.ts', 'src/smartbill/shared/x.ts', 'src/index.ts'];
  const forbiddenInBrowser = [
    "import { readFileSync } from 'node:fs';",
    "import { Hono } from 'hono';",
    "import pg from 'pg';",
    "import Database from 'better-sqlite3';",
    "import { jwtVerify } from 'jose';",
    "import { z } from 'zod';",
    "import { openSqliteStore } from '../../core/server/store/sqlite.ts';",
    "import { fakeIamportApi } from '../sandbox/fake-api.ts';",
  ];
  for (const file of browserFiles) {
    it(`${file} may not import Node, the server, the store or the sandbox`, async () => {
      for (const code of forbiddenInBrowser) assert.equal((await restricted(file, code)).length, 1, `${file}: ${code}`);
    });
  }

  it('element code may import Lit, zod/mini and shared code', async () => {
    const code = "import { LitElement } from 'lit';\nimport * as z from 'zod/mini';\nimport { certifyRequest } from '../shared/schema.ts';";
    assert.deepEqual(await restricted('src/iamport/element/x.ts', code), []);
  });

  it('shared code may not import an element or Lit', async () => {
    assert.equal((await restricted('src/iamport/shared/x.ts', "import { LitElement } from 'lit';")).length, 1);
    assert.equal((await restricted('src/iamport/shared/x.ts', "import { sdk } from '../element/sdk.ts';")).length, 1);
  });

  it('server and sandbox code may not import an element or Lit', async () => {
    for (const file of ['src/iamport/server/x.ts', 'src/smartbill/sandbox/x.ts']) {
      assert.equal((await restricted(file, "import { html } from 'lit';")).length, 1, file);
      assert.equal((await restricted(file, "import { IamportCertifyButton } from '../element/certify-button.ts';")).length, 1, file);
      assert.deepEqual(
        await restricted(file, "import { Hono } from 'hono';\nimport { certifyRequest } from '../shared/schema.ts';"),
        [],
        file,
      );
    }
  });
});
