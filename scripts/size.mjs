// `npm run size`: min+gzip size of each browser entry in dist/ (with the chunks
// it imports statically), checked against SPEC's budgets. Exits 1 over budget.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '../dist');
const KB = 1000;
const ALL_BUDGET = 25 * KB;
const ELEMENT_BUDGET = 15 * KB;

if (!existsSync(join(DIST, 'erp-widgets.js'))) {
  console.error('dist/ is missing: run "npm run build" first');
  process.exit(1);
}

/** The file plus every chunk it imports statically, transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    closure(join(dirname(file), m[1]), seen);
  }
  return seen;
}

const entries = JSON.parse(readFileSync(join(import.meta.dirname, '../dist/.entries.json'), 'utf8'));
const rows = [];
const measure = (label, files, budget) => {
  const code = Buffer.concat([...files].map((f) => readFileSync(f)));
  const gz = gzipSync(code, { level: 9 }).length;
  rows.push({ label, min: code.length, gz, budget, ok: gz <= budget, files: [...files].map((f) => relative(DIST, f)) });
};
measure('erp-widgets.iife.js (all elements, classic script)', new Set([join(DIST, 'erp-widgets.iife.js')]), ALL_BUDGET);
for (const name of entries) {
  const file = join(DIST, `${name}.js`);
  measure(
    `${name}.js (ES module${name === 'erp-widgets' ? ', all elements' : ''})`,
    closure(file),
    name === 'erp-widgets' ? ALL_BUDGET : ELEMENT_BUDGET,
  );
}

const fmt = (n) => `${(n / KB).toFixed(2)} kB`.padStart(9);
console.log(`${'entry'.padEnd(56)} ${'min'.padStart(9)} ${'min+gzip'.padStart(9)} ${'budget'.padStart(9)}`);
for (const r of rows) console.log(`${r.label.padEnd(56)} ${fmt(r.min)} ${fmt(r.gz)} ${fmt(r.budget)} ${r.ok ? 'ok' : 'OVER BUDGET'}`);
const over = rows.filter((r) => !r.ok);
if (over.length) {
  console.error(`\n${over.length} entr${over.length === 1 ? 'y is' : 'ies are'} over budget (kB = 1000 bytes, gzip -9).`);
  process.exit(1);
}
console.log('\nall entries within budget (kB = 1000 bytes, gzip -9)');
