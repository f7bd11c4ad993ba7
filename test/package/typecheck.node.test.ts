import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** Every TypeScript and JavaScript file of the repository (tracked, or new and not ignored). */
function sourceFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  // test/consumers/apps/*: separate projects with their own dependencies and compilers (test/consumers/*.consumer.test.ts).
  return out
    .split('\n')
    .filter((f) => /\.(m?[jt]s|c[jt]s|tsx|jsx)$/.test(f) && !/(^|\/)node_modules\//.test(f) && !f.startsWith('test/consumers/apps/'));
}

describe('npm test typechecks the whole tree (issue 18 item 11)', () => {
  it('npm test runs `npm run typecheck`, and that is tsc --noEmit over tsconfig.check.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.typecheck, 'tsc --noEmit -p tsconfig.check.json');
    assert.match(readFileSync(join(ROOT, 'scripts/test.mjs'), 'utf8'), /check\('typecheck', 'npm', \['run', '--silent', 'typecheck'\]\)/);
  });

  it('tsconfig.check.json takes in every TypeScript and JavaScript file: sources, tests, scripts, demo, packages, configs', () => {
    const listed = new Set(
      execFileSync(process.execPath, [TSC, '-p', 'tsconfig.check.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => relative(ROOT, f)),
    );
    const all = sourceFiles();
    assert.ok(all.length > 300, `${all.length} files`);
    for (const area of ['src/', 'test/', 'scripts/', 'demo/', 'packages/adapter/bin/', 'eslint.config.js']) {
      assert.ok(
        all.some((f) => f.startsWith(area)),
        `the repository has files under ${area}`,
      );
    }
    assert.deepEqual(
      all.filter((f) => !listed.has(f)),
      [],
      'files no typecheck sees',
    );
  });
});
