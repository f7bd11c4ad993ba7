// docs/assumptions.md (issue 19) names, for each assumption, the file and the name in it where the choice lives.
// A rename or a move must take the list along; a file that points readers to the list must be on it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { sourceFiles } from '../helpers/import-graph.ts';

const ROOT = join(import.meta.dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/assumptions.md'), 'utf8');
const rows = doc.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| the document'));

/** `path` (`name`, `name`…) in a row's last cell: each name is looked for in the path before it. */
function places(row: string): { path: string; name: string }[] {
  const cell = row.split(' | ').at(-1)!;
  return [...cell.matchAll(/`(src\/[^`]+)` \(([^)]+)\)/g)].flatMap((m) =>
    [...m[2]!.matchAll(/`([^`]+)`/g)].map((n) => ({ path: m[1]!, name: n[1]! })),
  );
}

describe('docs/assumptions.md', () => {
  it('has a line per assumption, each naming where it lives', () => {
    assert.ok(rows.length >= 20, `${rows.length} rows`);
    for (const row of rows) assert.ok(places(row).length > 0, `no code place in: ${row}`);
  });

  it('every file it names exists and still holds the name', () => {
    for (const { path, name } of rows.flatMap(places)) {
      assert.ok(existsSync(join(ROOT, path)), `${path} is gone`);
      assert.ok(readFileSync(join(ROOT, path), 'utf8').includes(name), `${path} no longer has ${name}`);
    }
  });

  it('lists every source file that points readers to it', () => {
    const listed = new Set(rows.flatMap(places).map((p) => p.path));
    const pointing = sourceFiles(join(ROOT, 'src'))
      .filter((f) => readFileSync(f, 'utf8').includes('docs/assumptions.md'))
      .map((f) => relative(ROOT, f));
    assert.deepEqual(
      pointing.filter((f) => !listed.has(f)),
      [],
    );
  });
});
