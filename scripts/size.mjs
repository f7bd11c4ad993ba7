// Bundle sizes (SPEC §3): min+gzip -9 (kB = 1000 B) of each script-tag bundle in dist/,
// with the chunks it imports statically.
//   node scripts/size.mjs             (`npm run size`) checks the goals: exit 1 over a goal.
//   node scripts/size.mjs --ceilings  (`npm test`) checks only the ceilings that stop regressions.
// An element not built yet is simply absent from the table.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '../dist');
const KB = 1000;
// Ceilings are SPEC §3's: 18 kB for any element, 30 kB for all five. The goals below are what `npm run size` reports
// (where a small element's bytes go: `node scripts/bundle-sources.mjs dist/benecafe-gate.js`; Lit alone is ~5.4 kB).
const CEILING = { small: 18 * KB, form: 18 * KB, all: 30 * KB };
const GOAL = { small: 9 * KB, form: 16 * KB, all: 25 * KB };
/** Elements with a small UI; every other element is form-heavy. */
const SMALL = new Set(['iamport-certify-button', 'benecafe-gate', 'ecount-connect']);
const ceilingsOnly = process.argv.includes('--ceilings');

if (!existsSync(join(DIST, '.entries.json'))) {
  console.error('dist/ is missing: run "npm run build" first');
  process.exit(1);
}

/**
 * The file plus every chunk it imports statically, transitively.
 * @param {string} file
 * @returns {Set<string>}
 */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    closure(join(dirname(file), /** @type {string} */ (m[1])), seen);
  }
  return seen;
}

/** @type {string[]} */
const entries = JSON.parse(readFileSync(join(DIST, '.entries.json'), 'utf8'));
/** @type {{ label: string; min: number; gz: number; goal: number; ceiling: number; files: string[] }[]} */
const rows = [];
/** @type {(label: string, files: Set<string>, kind: 'classic' | 'all' | 'small' | 'form') => void} */
const measure = (label, files, kind) => {
  const code = Buffer.concat([...files].map((f) => readFileSync(f)));
  const gz = gzipSync(code, { level: 9 }).length;
  const goal = GOAL[kind === 'classic' ? 'all' : kind];
  const ceiling = CEILING[kind === 'classic' ? 'all' : kind];
  rows.push({ label, min: code.length, gz, goal, ceiling, files: [...files].map((f) => relative(DIST, f)) });
};
measure('erp-widgets.iife.js (all elements, classic script)', new Set([join(DIST, 'erp-widgets.iife.js')]), 'classic');
for (const name of entries) {
  const kind = name === 'erp-widgets' ? 'all' : SMALL.has(name) ? 'small' : 'form';
  measure(`${name}.js (ES module${kind === 'all' ? ', all elements' : ''})`, closure(join(DIST, `${name}.js`)), kind);
}

/** @type {(n: number) => string} */
const fmt = (n) => `${(n / KB).toFixed(2)} kB`.padStart(9);
console.log(`${'entry'.padEnd(56)} ${'min'.padStart(9)} ${'min+gzip'.padStart(9)} ${'goal'.padStart(9)} ${'ceiling'.padStart(9)}`);
for (const r of rows) {
  const verdict = r.gz > r.ceiling ? 'OVER CEILING' : r.gz > r.goal ? 'over goal' : 'ok';
  console.log(`${r.label.padEnd(56)} ${fmt(r.min)} ${fmt(r.gz)} ${fmt(r.goal)} ${fmt(r.ceiling)} ${verdict}`);
}
const overCeiling = rows.filter((r) => r.gz > r.ceiling);
const overGoal = rows.filter((r) => r.gz > r.goal);
/** @type {(n: number) => string} */
const plural = (n) => `${n} entr${n === 1 ? 'y is' : 'ies are'}`;
if (overCeiling.length) {
  console.error(
    `\n${plural(overCeiling.length)} over the ceiling (kB = 1000 bytes, gzip -9): ${overCeiling.map((r) => r.label).join('; ')}`,
  );
  process.exit(1);
}
if (!ceilingsOnly && overGoal.length) {
  console.error(`\n${plural(overGoal.length)} over the goal (kB = 1000 bytes, gzip -9): ${overGoal.map((r) => r.label).join('; ')}`);
  process.exit(1);
}
console.log(
  `\nall entries within ${ceilingsOnly ? 'the ceilings' : 'the goals'} (kB = 1000 bytes, gzip -9)` +
    (ceilingsOnly && overGoal.length ? `; ${overGoal.length} over the goal (npm run size)` : ''),
);
