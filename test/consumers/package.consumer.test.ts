// The packed elements package (erp-widgets) installed alone into an empty folder, as a front-end
// app gets it: what it brings along, its metadata, and every entry imported in plain Node (SSR).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exec, packedTarball, TAGS } from './helpers.ts';

const SERVER_PACKAGES = ['better-sqlite3', 'pg', 'hono', '@hono/node-server', 'jose', 'tldts', 'msw', 'erp-widgets-adapter'];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  gypfile?: boolean;
  exports: Record<string, string | Record<string, string>>;
  sideEffects: string[];
}

/** Every installed package folder (node_modules/x, node_modules/@s/x, nested ones too). */
function installedPackages(nodeModules: string): string[] {
  const found: string[] = [];
  for (const name of existsSync(nodeModules) ? readdirSync(nodeModules) : []) {
    if (name.startsWith('.')) continue;
    const dirs = name.startsWith('@')
      ? readdirSync(join(nodeModules, name)).map((n) => join(nodeModules, name, n))
      : [join(nodeModules, name)];
    for (const dir of dirs) {
      found.push(dir);
      found.push(...installedPackages(join(dir, 'node_modules')));
    }
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));
}

const megabytes = (files: string[]) => files.reduce((sum, f) => sum + (statSync(f).isFile() ? statSync(f).size : 0), 0) / 1e6;

describe('consumer: erp-widgets installed alone into an empty folder', () => {
  let dir: string;
  let pkgDir: string;
  let pkg: Manifest;
  const node = (code: string) => exec('node', ['--input-type=module', '-e', code], { cwd: dir, timeoutMs: 30_000 });

  before(async () => {
    const tarball = packedTarball('erp-widgets');
    dir = mkdtempSync(join(tmpdir(), 'erp-widgets-empty-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'empty-app', private: true, type: 'module' }));
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
      cwd: dir,
      timeoutMs: 180_000,
    });
    pkgDir = join(dir, 'node_modules/erp-widgets');
    pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Manifest;
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs no native module, no install script and no server dependency', (t) => {
    const packages = installedPackages(join(dir, 'node_modules'));
    const names = packages.map((p) => (JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as Manifest).name);
    assert.ok(names.includes('erp-widgets') && names.includes('lit'), `installed: ${names.join(', ')}`);
    for (const server of SERVER_PACKAGES) assert.ok(!names.includes(server), `${server} was installed`);
    const files = filesUnder(join(dir, 'node_modules'));
    assert.deepEqual(
      files.filter((f) => f.endsWith('binding.gyp') || f.endsWith('.node')),
      [],
    );
    for (const p of packages) {
      const manifest = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as Manifest;
      assert.ok(!manifest.gypfile, `${manifest.name} builds native code`);
      for (const s of INSTALL_SCRIPTS) assert.ok(!manifest.scripts?.[s], `${manifest.name} has a ${s} script`);
    }
    t.diagnostic(`footprint: ${packages.length} packages (${names.sort().join(', ')}), ${megabytes(files).toFixed(1)} MB`);
  });

  it('lists `types` first in every export that has types', () => {
    for (const [path, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      assert.equal(Object.keys(target)[0], 'types', `exports["${path}"]`);
      assert.ok(existsSync(join(pkgDir, target.types!)), `exports["${path}"].types: ${target.types} is in the package`);
    }
  });

  it('marks exactly the files that define tags (or import those that do) as having side effects', () => {
    const dist = join(pkgDir, 'dist');
    const text = (file: string) => readFileSync(join(dist, file), 'utf8');
    const definesTags = (file: string, seen = new Set<string>()): boolean => {
      if (seen.has(file)) return false;
      seen.add(file);
      const imports = [...text(file).matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => join(dirname(file), m[1]!));
      return /customElements\.define\(/.test(text(file)) || imports.some((f) => definesTags(f, seen));
    };
    const entries = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const expected = entries.filter((f) => definesTags(f)).map((f) => `./dist/${f}`);
    assert.equal(expected.length, 6, `the five element entries and the all-elements entry: ${expected.join(', ')}`);
    assert.deepEqual(pkg.sideEffects.filter((f) => f.startsWith('./dist/')).sort(), expected.sort());
  });

  it('imports every entry in plain Node (server-side rendering) without throwing', async () => {
    const entries = Object.entries(pkg.exports)
      .filter(([path, target]) => typeof target !== 'string' && target.default && path !== './package.json')
      .map(([path]) => path.replace(/^\./, 'erp-widgets'));
    assert.ok(entries.length >= 7, `entries: ${entries.join(', ')}`);
    for (const entry of entries) await node(`await import(${JSON.stringify(entry)});`);
  });

  it('erp-widgets/classes defines no tag; erp-widgets defines all five (Node, Lit’s registry shim)', async () => {
    const out = await node(`
      const tags = ${JSON.stringify(TAGS)};
      await import('erp-widgets/classes');
      if (typeof customElements?.get !== 'function') throw new Error('no customElements registry in Node');
      const afterClasses = tags.filter((t) => customElements.get(t));
      await import('erp-widgets');
      console.log(JSON.stringify({ afterClasses, afterAll: tags.filter((t) => customElements.get(t)) }));`);
    assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { afterClasses: [], afterAll: TAGS });
  });
});
