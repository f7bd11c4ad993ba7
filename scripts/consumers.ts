// The consumer apps (test/consumers/apps/<app>/) as a user gets them: `npm pack` of the built packages,
// then each app copied outside this repository (so nothing resolves from our own node_modules)
// and installed from its committed lock file with `npm ci`. Run by `npm test` before the consumer
// tests; needs `npm run build` first.
//
//   node --import tsx scripts/consumers.ts                  pack and install every app
//   node --import tsx scripts/consumers.ts --update-locks   re-resolve each app's dependencies (npm install)
//                                                           and write its package-lock.json back
//
// The lock files name our tarballs by a fixed path (../.packs/erp-widgets.tgz) without an
// `integrity`: with one, a re-packed tarball of the same name would make `npm ci` install the old
// cached content (warm cache) or fail with EINTEGRITY (cold cache).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..');
const SOURCES = join(ROOT, 'test/consumers/apps');
/** The git-ignored folder `npm pack` writes to, with fixed names (the apps' lock files point there). */
export const PACKS = join(SOURCES, '.packs');
export const PACKAGES: Record<string, string> = { 'erp-widgets': 'packages/elements', 'erp-widgets-react': 'packages/react' };
/** Where the apps are installed and built: outside the repository, one folder per checkout. */
export const WORK = join(tmpdir(), `erp-widgets-consumers-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
export const APPS = ['vite-react', 'vite-vue', 'next', 'esbuild', 'webpack', 'strict-types'];
const INSTALL_TIMEOUT_MS = 6 * 60_000;
const SKIP = new Set(['node_modules', 'dist', '.next', 'tsconfig.tsbuildinfo', 'next-env.d.ts']);

/** The environment for npm and the apps' tools: none of the `npm test` run's own npm settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1', ...extra };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key.startsWith('NODE_TEST') || key === 'NODE_ENV') delete env[key];
  if (/--test|tsx/.test(env.NODE_OPTIONS ?? '')) delete env.NODE_OPTIONS;
  return env;
}

/** Runs a command, bounded: rejects with its output when it fails or outlives `timeoutMs`. */
export function exec(
  cmd: string,
  args: string[],
  { cwd, timeoutMs, env = cleanEnv() }: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) did not finish within ${timeoutMs / 1000} s\n${output}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${code}\n${output}`));
    });
  });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** What an installed app was installed from: the tarballs' hashes. */
export const packStamp = () =>
  Object.keys(PACKAGES)
    .map((name) => `${name} ${sha256(join(PACKS, `${name}.tgz`))}`)
    .join('\n');

async function pack() {
  rmSync(PACKS, { recursive: true, force: true });
  mkdirSync(PACKS, { recursive: true });
  for (const [name, dir] of Object.entries(PACKAGES)) {
    if (!existsSync(join(ROOT, dir, 'dist'))) throw new Error(`${dir}/dist is missing: run "npm run build" first`);
    const out = await exec('npm', ['pack', '--json', '--pack-destination', PACKS], { cwd: join(ROOT, dir), timeoutMs: 60_000 });
    const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
    renameSync(join(PACKS, filename), join(PACKS, `${name}.tgz`));
  }
}

function stripIntegrity(lockFile: string) {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages?: Record<string, { resolved?: string; integrity?: string }> };
  for (const entry of Object.values(lock.packages ?? {})) {
    if (entry.resolved?.startsWith('file:') && entry.resolved.endsWith('.tgz')) delete entry.integrity;
  }
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
}

async function install(app: string, updateLock: boolean) {
  const dir = join(WORK, app);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(SOURCES, app), dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) });
  const started = Date.now();
  const npmArgs = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  if (updateLock) {
    rmSync(join(dir, 'package-lock.json'), { force: true });
    await exec('npm', ['install', ...npmArgs], { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS });
    stripIntegrity(join(dir, 'package-lock.json'));
    cpSync(join(dir, 'package-lock.json'), join(SOURCES, app, 'package-lock.json'));
  } else {
    if (!existsSync(join(dir, 'package-lock.json')))
      throw new Error(`test/consumers/apps/${app} has no package-lock.json: run with --update-locks`);
    await exec('npm', ['ci', ...npmArgs], { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS });
  }
  writeFileSync(join(dir, '.installed-from'), packStamp());
  console.log(`${app}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const updateLocks = process.argv.includes('--update-locks');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const apps = only.length ? only : APPS;
  for (const app of apps) if (!APPS.includes(app)) throw new Error(`no consumer app ${app} (have ${APPS.join(', ')})`);
  const started = Date.now();
  await pack();
  mkdirSync(WORK, { recursive: true });
  rmSync(join(WORK, '.packs'), { recursive: true, force: true });
  cpSync(PACKS, join(WORK, '.packs'), { recursive: true });
  for (const stale of readdirSync(WORK))
    if (stale !== '.packs' && !APPS.includes(stale)) rmSync(join(WORK, stale), { recursive: true, force: true });
  // Two at a time: npm is mostly waiting on the disk and the registry; the machine has 2 cores.
  const queue = [...apps];
  const failures: Error[] = [];
  await Promise.all(
    [0, 1].map(async () => {
      for (let app = queue.shift(); app; app = queue.shift()) await install(app, updateLocks).catch((err: Error) => failures.push(err));
    }),
  );
  for (const err of failures) console.error(err.message);
  console.log(`consumer apps ${updateLocks ? 'locked' : 'installed'} in ${WORK} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failures.length) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
