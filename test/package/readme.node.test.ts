import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');

// A newcomer has the repository, not the project's spec, seeds or issue tracker: the READMEs say what they mean.
for (const file of ['README.md', 'README.ko.md']) {
  it(`${file} names no document outside the repository (spec sections, seeds, issue numbers)`, () => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const found = text
      .split('\n')
      .flatMap((line, i) => (/\bSPEC\b|§|\bseed \d|\bissue #?\d|이슈 #?\d/i.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
    assert.deepEqual(found, []);
  });
}
