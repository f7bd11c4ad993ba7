import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { elementEntries } from '../../vite.config.ts';

const ROOT = join(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
/** The elements package (erp-widgets) and the adapter package (erp-widgets-adapter). */
const elementsPkg = readJson('packages/elements/package.json');
const pkg = readJson('packages/adapter/package.json');
const ADAPTER = join(ROOT, 'packages/adapter');

/** Every provider's element folder (src/<provider>/element/). */
const elementDirs = () =>
  readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'src', d.name, 'element')))
    .map((d) => join(ROOT, 'src', d.name, 'element'));

/** Tags defined anywhere in src/ (registration entries call customElements.define). */
function definedTags(): string[] {
  const tags: string[] = [];
  for (const dir of elementDirs()) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts')) continue;
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/customElements\.define\('([a-z-]+)'/g)) tags.push(m[1]!);
    }
  }
  return tags.sort();
}

/** Names declared `{ state: true }` in any element's `static properties`: internal reactive state. */
function stateFields(): string[] {
  const names = new Set<string>();
  for (const dir of elementDirs()) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts')) continue;
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/(\w+): \{ state: true \}/g)) names.add(m[1]!);
    }
  }
  return [...names].sort();
}

describe('package contract', () => {
  it('has an npm export and a bundle entry for every element', () => {
    for (const tag of definedTags()) {
      assert.ok(elementsPkg.exports[`./${tag}`], `packages/elements/package.json exports ./${tag}`);
      assert.ok(tag in elementEntries, `vite.config.ts builds ${tag}`);
    }
  });

  it('describes every element in custom-elements.json with provider-prefixed events, parts and CSS properties', () => {
    const file = join(ROOT, 'packages/elements', elementsPkg.customElements);
    assert.ok(existsSync(file), 'custom-elements.json is generated (npm run manifest)');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const decls = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []) as {
      tagName?: string;
      events?: { name: string }[];
      cssParts?: unknown[];
      cssProperties?: unknown[];
      attributes?: { name: string }[];
    }[];
    const tags = definedTags();
    assert.ok(tags.length >= 1);
    for (const tag of tags) {
      const d = decls.find((x) => x.tagName === tag);
      assert.ok(d, `${tag} is in the manifest`);
      const provider = tag.split('-')[0];
      assert.ok(d.events?.length, `${tag} documents its events (@fires)`);
      for (const e of d.events!) assert.ok(e.name.startsWith(`${provider}-`), `${tag} event ${e.name} is prefixed ${provider}-`);
      assert.ok(
        d.events!.some((e) => e.name.endsWith('-error')),
        `${tag} has an error event`,
      );
      assert.ok(d.cssParts?.length, `${tag} documents its parts (@csspart)`);
      assert.ok(d.cssProperties?.length, `${tag} documents its CSS properties (@cssprop)`);
      assert.ok(
        d.attributes?.some((a) => a.name === 'adapter'),
        `${tag} has the adapter attribute`,
      );
    }
  });
});

describe('public API only in custom-elements.json', () => {
  const manifest = readJson(join('packages/elements', elementsPkg.customElements));
  const elements = manifest.modules
    .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
    .filter((d: { tagName?: string }) => d.tagName) as {
    tagName: string;
    attributes?: { name: string; fieldName?: string }[];
    members?: { name: string; privacy?: string }[];
  }[];

  it('finds the state fields it must keep out (the check below is not vacuous)', () => {
    assert.ok(stateFields().includes('phase'), `state fields found: ${stateFields().join(', ')}`);
  });

  it('lists no internal state field, private or protected member as an attribute or member', () => {
    const state = stateFields();
    for (const d of elements) {
      for (const a of d.attributes ?? []) {
        assert.ok(!state.includes(a.fieldName ?? a.name), `${d.tagName} lists state field ${a.fieldName ?? a.name} as an attribute`);
      }
      for (const m of d.members ?? []) {
        assert.ok(!state.includes(m.name), `${d.tagName} lists state field ${m.name} as a member`);
        assert.ok(!m.privacy || m.privacy === 'public', `${d.tagName} lists ${m.privacy} member ${m.name}`);
      }
      for (const name of ['adapter', 'lang', 'token']) {
        assert.ok(
          d.attributes?.some((a) => a.name === name),
          `${d.tagName} has the ${name} attribute`,
        );
      }
      assert.ok(
        d.members?.some((m) => m.name === 'tokenProvider'),
        `${d.tagName} has the tokenProvider property`,
      );
    }
  });
});

describe('erp-widgets-adapter: compiled JavaScript, no TypeScript loader, no sandbox in production', () => {
  const run = (script: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });

  it('exports compiled JavaScript with .d.ts for the adapter and its sandbox (built by npm run build)', () => {
    for (const entry of ['.', './sandbox']) {
      const { types, default: js } = pkg.exports[entry] as { types: string; default: string };
      assert.match(js, /^\.\/lib\/.*\.js$/, `${entry} → ${js}`);
      assert.match(types, /^\.\/lib\/.*\.d\.ts$/, `${entry} types → ${types}`);
      assert.ok(existsSync(join(ADAPTER, js)) && existsSync(join(ADAPTER, types)), `${entry} is built (npm run build)`);
    }
    assert.equal(pkg.bin['erp-widgets-adapter'], './bin/erp-widgets-adapter.js');
  });

  it('keeps dev tools out of dependencies (tsx, msw, test and build tools)', () => {
    const runtime = Object.keys(pkg.dependencies as Record<string, string>);
    for (const dev of ['tsx', 'msw', 'typescript', 'vite', 'eslint', 'playwright-core', '@web/test-runner']) {
      assert.ok(!runtime.includes(dev), `${dev} is not a runtime dependency`);
    }
  });

  it('the production import graph (index.js, statically) never reaches the sandbox, msw or tsx', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/^(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) walk(join(dirname(file), spec));
        else bare.add(spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    walk(join(ADAPTER, 'lib/server.js'));
    assert.ok(seen.size > 10, `walked ${seen.size} modules`);
    const local = [...seen].map((f) => relative(join(ADAPTER, 'lib'), f));
    assert.deepEqual(
      local.filter((f) => f.includes('sandbox')),
      [],
    );
    for (const dev of ['msw', 'tsx']) assert.ok(!bare.has(dev), `${dev} imported by ${[...bare].join(', ')}`);
    for (const dep of bare) if (!dep.startsWith('node:')) assert.ok(dep in pkg.dependencies, `${dep} is a runtime dependency`);
  });

  it('imports by package name with plain node and answers /health', () => {
    const r = run(`
      import { createAdapter } from 'erp-widgets-adapter';
      const a = createAdapter({ store: { sqlite: ':memory:' }, log: 'silent' });
      const res = await a.fetch(new Request('http://x/health'));
      console.log(res.status, (await res.json()).status, import.meta.resolve('erp-widgets-adapter').endsWith('/lib/server.js'));
      await a.close();`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '200 ok true');
  });

  it('sandbox mode takes the fakes from erp-widgets-adapter/sandbox, and says so when they are missing', () => {
    const r = run(`
      import { createAdapter, ConfigError } from 'erp-widgets-adapter';
      import { createSandbox } from 'erp-widgets-adapter/sandbox';
      try {
        createAdapter({ sandbox: true, store: { sqlite: ':memory:' }, log: 'silent' });
        console.log('no error');
      } catch (err) {
        console.log(err instanceof ConfigError, err.message.includes('erp-widgets-adapter/sandbox'));
      }
      const a = createAdapter({ sandbox: true, store: { sqlite: ':memory:' }, log: 'silent' }, { sandbox: createSandbox });
      console.log((await (await a.fetch(new Request('http://x/health'))).json()).sandbox);
      await a.close();`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['true true', 'true']);
  });
});
