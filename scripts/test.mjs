// `npm test`: every check, in order — lint (ESLint + Prettier), build, bundle-size
// ceilings, adapter tests (Node, real HTTP) on SQLite and again on a throwaway PostgreSQL
// (with the multi-instance tests, *.pg.test.ts), element tests (Chromium), end-to-end tests
// (demo in Chromium; the popup flows, the invoice preview and the language switch in Firefox
// and WebKit too), then the consumer apps (the packed packages installed as users install
// them, each app built for production and run in Chromium). Each test step prints its counts
// and fails when it ran no test or skipped one; every step's line says how long it took. Ends
// with one line "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureEngines } from './ensure-engines.mjs';
import { ensureCjkFont } from './ensure-font.mjs';
import { startThrowawayPostgres } from './postgres.mjs';
import { nodeTestArgs } from './test-args.mjs';

const ROOT = join(import.meta.dirname, '..');
process.chdir(ROOT);
ensureChromium();
ensureEngines(); // Firefox ESR and WebKitGTK for test/e2e/firefox.e2e.test.ts and webkit.e2e.test.ts
// The layout checks at 390 px measure Hangul: with Debian's Noto CJK, as on the machines the tests were written on,
// not with whatever fallback glyphs a fresh machine has.
ensureCjkFont();

// An outer runner's settings must not reach the steps: with NODE_TEST_CONTEXT set (as
// under `node --test`), node's test runner reports to the parent and runs nothing here.
/** @type {NodeJS.ProcessEnv} */
const childEnv = { ...process.env, FORCE_COLOR: '0' };
for (const key of Object.keys(childEnv)) if (key.startsWith('NODE_TEST')) delete childEnv[key];
if (/--test/.test(childEnv.NODE_OPTIONS ?? '')) delete childEnv.NODE_OPTIONS;

/**
 * @param {string} dir
 * @param {string} suffix
 * @returns {string[]}
 */
function find(dir, suffix) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path, suffix));
    else if (name.endsWith(suffix)) out.push(relative(ROOT, path));
  }
  return out.sort();
}

/**
 * Runs a command, echoing its output, and returns the output and how long it took.
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<{ code: number; output: string; took: string }>}
 */
function run(cmd, args, env = childEnv) {
  const started = Date.now();
  return new Promise((resolve) => {
    console.log(`\n$ ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output, took: `${Math.round((Date.now() - started) / 1000)} s` }));
  });
}

let passed = 0;
let failed = 0;
/** @type {string[]} */
const problems = [];
/** @type {string[]} */
const summary = [];

/**
 * A step that is not a test suite (lint, build, size): it passes or it is one failure.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 */
const check = async (name, cmd, args) => {
  const { code, took } = await run(cmd, args);
  if (code !== 0) {
    problems.push(`${name} exited with ${code}`);
    failed += 1;
  }
  summary.push(`${name}: ${code === 0 ? 'ok' : 'FAILED'} (${took})`);
};

/** @typedef {{ tests: number; passed: number; failed: number; skipped: number; todo: number }} Counts */
/**
 * A test suite: its counts are added up; no test, or a skipped or todo test, fails it.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 * @param {(output: string) => Counts} count
 * @param {NodeJS.ProcessEnv} [env]
 */
const suite = async (name, cmd, args, count, env) => {
  const { code, output, took } = await run(cmd, args, env);
  const c = count(output.replace(/\x1b\[[0-9;]*m/g, '')); // wtr colours its summary
  passed += c.passed;
  failed += c.failed;
  summary.push(`${name}: ${c.tests} tests, ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped, ${c.todo} todo (${took})`);
  if (c.tests === 0) problems.push(`${name} ran 0 tests`);
  if (c.skipped || c.todo) problems.push(`${name} skipped ${c.skipped} and left ${c.todo} todo (tests must run)`);
  if (code !== 0) problems.push(`${name} exited with ${code}`);
  if ((code !== 0 || c.tests === 0 || c.skipped || c.todo) && c.failed === 0) failed += 1; // counts as a failure
};
/** @type {(out: string, key: string) => number} */
const tap = (out, key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(out)?.[1] ?? 0);
/** @type {(out: string) => Counts} */
const nodeCounts = (out) => ({
  tests: tap(out, 'tests'),
  passed: tap(out, 'pass'),
  failed: tap(out, 'fail') + tap(out, 'cancelled'),
  skipped: tap(out, 'skipped'),
  todo: tap(out, 'todo'),
});
/** @type {(out: string) => Counts} */
const wtrCounts = (out) => {
  const all = [...out.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
  const [p, f, s] = [1, 2, 3].map((i) => Number(all?.[i] ?? 0));
  return { tests: p + f + s, passed: p, failed: f, skipped: s, todo: 0 };
};
const nodeTest = [...nodeTestArgs];

await check('lint', 'npm', ['run', '--silent', 'lint']);
await check('build', 'npm', ['run', '--silent', 'build']);
// Every TypeScript and JavaScript file (sources, tests, scripts, demo, packages, configs): tsconfig.check.json.
// After the build: the package bins and tests import its output (packages/adapter/lib).
await check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
// SPEC §3: the ceilings stop regressions here; the (lower) goals are `npm run size`.
await check('bundle-size ceilings', 'node', ['scripts/size.mjs', '--ceilings']);
await suite('adapter tests', 'node', [...nodeTest, ...find('test', '.node.test.ts')], nodeCounts);
// The same suite on PostgreSQL (Debian's, installed when missing), plus the scale-out tests.
let pg;
try {
  pg = await startThrowawayPostgres();
} catch (err) {
  problems.push(`PostgreSQL did not start: ${/** @type {Error} */ (err).message}`);
  failed += 1;
}
if (pg) {
  const pgEnv = { ...childEnv, ERP_WIDGETS_TEST_STORE: 'postgres', ERP_WIDGETS_TEST_PG_URL: pg.url };
  const files = [...find('test', '.node.test.ts'), ...find('test', '.pg.test.ts')];
  await suite('adapter tests on PostgreSQL', 'node', [...nodeTest, ...files], nodeCounts, pgEnv);
  pg.stop();
}
// A free port for web-test-runner's server (its fixed default is taken when another checkout on the machine runs it).
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
const wtrEnv = { ...childEnv, WTR_PORT: childEnv.WTR_PORT || String(await freePort()) };
await suite('element tests', 'npx', ['web-test-runner'], wtrCounts, wtrEnv);
await suite('end-to-end tests', 'node', [...nodeTest, '--test-concurrency=1', ...find('test/e2e', '.e2e.test.ts')], nodeCounts);
// The packed packages in apps as users build them (test/consumers): installed once per run, outside
// the repository, from each app's lock file; then each app is built and run in Chromium.
await check('consumer app installs', 'node', ['--import', 'tsx', 'scripts/consumers.ts']);
await suite(
  'consumer app tests',
  'node',
  [...nodeTest, '--test-concurrency=1', ...find('test/consumers', '.consumer.test.ts')],
  nodeCounts,
);

console.log('');
for (const line of summary) console.log(line);
for (const p of problems) console.log(`problem: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || problems.length ? 1 : 0);
