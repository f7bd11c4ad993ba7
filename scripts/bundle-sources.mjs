// Which sources take the bytes of a built file: `node scripts/bundle-sources.mjs dist/benecafe-gate.js`.
// Per source: its minified bytes (UTF-8: Hangul is 3 bytes a syllable) and what it adds to the file's gzip -9
// (the file's gzip size minus the gzip size without that source's characters: shared words compress against each
// other, so these add up to a little less than the total). Then the same per group: Lit, src/core, the rest.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2] ?? 'dist/erp-widgets.iife.js';
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lines = code.split('\n');
/** The characters each source owns, in file order. */
/** @type {Map<string, string>} */
const owned = new Map();
/** @type {(name: string, text: string) => unknown} */
const own = (name, text) => owned.set(name, (owned.get(name) ?? '') + text);
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
  const text = lines[li] ?? '';
  if (!starts.length || starts[0][0] > 0) own('(unmapped)', text.slice(0, starts[0]?.[0] ?? text.length));
  starts.forEach(([c, s], i) => {
    const end = i + 1 < starts.length ? starts[i + 1][0] : text.length;
    own(s >= 0 ? map.sources[s].replace(/.*node_modules\//, '').replace(/^(\.\.\/)+/, '') : '(unmapped)', text.slice(c, end));
  });
  if (li < lines.length - 1) own('(unmapped)', '\n');
});

/** @type {(text: string) => number} */
const gz = (text) => gzipSync(text, { level: 9 }).length;
const total = gz(code);
/** What `names` add to the gzip size: the total minus the gzip size of everything else, in file order. */
/** @type {(names: Set<string>) => number} */
const adds = (names) => {
  const rest = [...owned].filter(([n]) => !names.has(n)).map(([, t]) => t);
  return total - gz(rest.join(''));
};
/** @type {(bytes: number, added: number, label: string) => void} */
const row = (bytes, added, label) => console.log(`${String(bytes).padStart(8)} ${String(added).padStart(8)}  ${label}`);
/** @type {(names: Iterable<string>) => number} */
const bytesOf = (names) => [...names].reduce((sum, n) => sum + Buffer.byteLength(owned.get(n) ?? ''), 0);

console.log(`${file}: ${Buffer.byteLength(code)} B minified, ${total} B gzip -9\n${'min B'.padStart(8)} ${'+gzip B'.padStart(8)}  source`);
for (const [name] of [...owned].sort((a, b) => Buffer.byteLength(b[1]) - Buffer.byteLength(a[1])).slice(0, 40))
  row(Buffer.byteLength(owned.get(name) ?? ''), adds(new Set([name])), name);
const groups = { 'Lit (lit-html, reactive-element, lit-element)': /^(lit|lit-html|lit-element|@lit)\//, 'src/core': /^src\/core\// };
console.log('\ngroups');
const grouped = new Set();
for (const [label, re] of Object.entries(groups)) {
  const names = new Set([...owned.keys()].filter((n) => re.test(n)));
  names.forEach((n) => grouped.add(n));
  row(bytesOf(names), adds(names), label);
}
const rest = new Set([...owned.keys()].filter((n) => !grouped.has(n)));
row(bytesOf(rest), adds(rest), 'the element (its provider folder, unmapped glue)');
