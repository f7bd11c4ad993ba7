// The packed packages' declaration files under the strictest settings apps commonly use
// (strict, exactOptionalPropertyTypes, isolatedModules, verbatimModuleSyntax, erasableSyntaxOnly,
// skipLibCheck false), with moduleResolution bundler and node16, TypeScript 7 and 6: every entry,
// the JSX typings, the Vue typings and the React components (test/consumers/apps/strict-types/src).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, exec, installedApp } from './helpers.ts';

const compilers = { 'TypeScript 7': 'node_modules/typescript/bin/tsc', 'TypeScript 6': 'node_modules/typescript-6/bin/tsc' };

describe('consumer: declaration files under strict settings', () => {
  let dir: string;
  before(() => {
    dir = installedApp('strict-types');
  });

  for (const [compiler, tsc] of Object.entries(compilers)) {
    for (const resolution of ['bundler', 'node16']) {
      it(`${compiler}, moduleResolution ${resolution}: no errors`, { timeout: BUILD_TIMEOUT_MS }, async () => {
        // --listFiles: the checking run also names the files it checked (exec fails on any error).
        const out = await exec('node', [tsc, '-p', `tsconfig.${resolution}.json`, '--listFiles'], {
          cwd: dir,
          timeoutMs: BUILD_TIMEOUT_MS,
        });
        assert.match(out, /node_modules\/erp-widgets\/frameworks\/jsx\.d\.ts/, 'the JSX typings are in the program');
        assert.match(out, /node_modules\/erp-widgets\/frameworks\/vue\.d\.ts/, 'the Vue typings are in the program');
        assert.match(out, /node_modules\/erp-widgets-react\/dist\/index\.d\.ts/, 'the React components are in the program');
      });
    }
  }

  it('erp-widgets-react renders on the server (Node) without throwing', { timeout: 30_000 }, async () => {
    assert.match(await exec('node', ['ssr.js'], { cwd: dir, timeoutMs: 30_000 }), /ssr ok: <iamport-certify-button/);
  });
});
