// A throwaway PostgreSQL for tests and the bench: Debian's postgresql
// (installed with apt-get when missing and running as root, as chromium is),
// `initdb` into a temp directory owned by an unprivileged user, a free port on
// loopback only, removed again by `stop()` (or when this process exits).
//
//   node scripts/postgres.mjs      starts one and prints its URL until Ctrl-C
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The directory holding initdb/pg_ctl: PATH first, then Debian's versioned directories. */
function findBinDir() {
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) {
    return spawnSync('sh', ['-c', 'dirname "$(readlink -f "$(command -v initdb)")"'], { encoding: 'utf8' }).stdout.trim();
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

export function ensurePostgres() {
  let bin = findBinDir();
  if (bin) return bin;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      'PostgreSQL (initdb, pg_ctl) is needed for the PostgreSQL store tests and is missing.\n' +
        'Install it with:  sudo apt-get update && sudo apt-get install -y postgresql',
    );
  }
  console.log(`PostgreSQL is missing: installing Debian's postgresql package…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  bin = findBinDir();
  if (!bin) throw new Error('apt-get installed postgresql but initdb is still missing');
  return bin;
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh cluster. `durable: false` (tests) turns fsync off: the tests
 * kill adapters, never the database, so only the bench needs a durable one.
 * Resolves to `{ url, dir, stop() }`.
 */
export async function startThrowawayPostgres({ durable = false, log = false } = {}) {
  const bin = ensurePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'erp-pg-'));
  const data = join(dir, 'data');
  // initdb refuses to run as root: the cluster belongs to the postgres user.
  /** @type {(cmd: string, args: string[]) => [string, string[]]} */
  const asOwner = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]);
  if (isRoot)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  /** @type {(cmd: string, args: string[]) => void} */
  const sh = (cmd, args) => {
    const [file, argv] = asOwner(cmd, args);
    execFileSync(file, argv, { stdio: log ? 'inherit' : 'pipe' });
  };
  sh('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  sh('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      sh('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = await startThrowawayPostgres({ durable: process.argv.includes('--durable') });
  console.log(pg.url);
  const quit = () => {
    pg.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  setInterval(() => {}, 1 << 30);
}
