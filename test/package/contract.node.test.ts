import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { elementEntries } from '../../vite.config.ts';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Tags defined anywhere in src/ (registration entries call customElements.define). */
function definedTags(): string[] {
  const tags: string[] = [];
  for (const dir of readdirSync(join(ROOT, 'src'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, 'src', dir.name))) {
      if (!f.endsWith('.ts')) continue;
      const text = readFileSync(join(ROOT, 'src', dir.name, f), 'utf8');
      for (const m of text.matchAll(/customElements\.define\('([a-z-]+)'/g)) tags.push(m[1]!);
    }
  }
  return tags.sort();
}

describe('package contract', () => {
  it('has an npm export and a bundle entry for every element', () => {
    for (const tag of definedTags()) {
      assert.ok(pkg.exports[`./${tag}`], `package.json exports ./${tag}`);
      assert.ok(tag in elementEntries, `vite.config.ts builds ${tag}`);
    }
  });

  it('describes every element in custom-elements.json with provider-prefixed events, parts and CSS properties', () => {
    const file = join(ROOT, pkg.customElements);
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

describe('erp-widgets/adapter from plain Node', () => {
  it('imports by package name without a loader flag and answers /health', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `
      import { createAdapter } from 'erp-widgets/adapter';
      const a = createAdapter({ store: { sqlite: ':memory:' }, log: 'silent', auth: { secret: 'x'.repeat(32) } });
      const res = await a.fetch(new Request('http://x/health'));
      console.log(res.status, (await res.json()).status);
      await a.close();`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '200 ok');
  });
});
