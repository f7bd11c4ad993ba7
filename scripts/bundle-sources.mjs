// Which sources take the bytes of a built file: `node scripts/bundle-sources.mjs dist/erp-widgets.iife.js`.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'dist/erp-widgets.iife.js';
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lines = code.split('\n');
/** @type {Map<string, number>} */
const bytes = new Map();
let src = 0;
map.mappings.split(';').forEach((/** @type {string} */ line, /** @type {number} */ li) => {
  let col = 0;
  const segs = line ? line.split(',') : [];
  /** @type {[number, number][]} */
  const starts = [];
  for (const seg of segs) {
    const vals = [];
    let shift = 0,
      value = 0;
    for (const ch of seg) {
      const d = B64.indexOf(ch);
      value += (d & 31) << shift;
      if (d & 32) shift += 5;
      else {
        vals.push(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
      }
    }
    col += vals[0];
    if (vals.length > 1) src += vals[1];
    starts.push([col, vals.length > 1 ? src : -1]);
  }
  const len = lines[li]?.length ?? 0;
  starts.forEach(([c, s], i) => {
    const end = i + 1 < starts.length ? starts[i + 1][0] : len;
    if (s >= 0) {
      const name = map.sources[s].replace(/.*node_modules\//, '');
      bytes.set(name, (bytes.get(name) ?? 0) + (end - c));
    }
  });
});
[...bytes]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30)
  .forEach(([n, b]) => console.log(String(b).padStart(7), n));
