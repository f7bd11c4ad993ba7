// Issue 24's seams, checked on the source itself: the core names no provider, imports run in one direction
// (the only circles are the lazily loaded message files), the store's base layer imports no feature and no
// feature branches on the store's engine, migration ids are unique, and no element overrides requestUpdate.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { adapterMigrations } from '../../src/core/server/migrations.ts';
import { providers } from '../../src/providers.ts';
import { circles, importGraph, sourceFiles } from '../helpers/import-graph.ts';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** The file's tokens without its comments (string literals and identifiers count), in source order. */
function tokens(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return; // JSDoc comments
    if (node.getChildCount() === 0) out.push(node.getText());
    else node.getChildren().forEach(visit);
  };
  visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  return out;
}
const rel = (file: string) => relative(ROOT, file);

describe('the core, src/core/ (issue 24)', () => {
  it('names no provider outside comments: not in identifiers, strings or templates', () => {
    const named = sourceFiles(join(SRC, 'core')).flatMap((file) =>
      tokens(file)
        .filter((t) => /iamport|smartbill|benecafe|ecount|portone/i.test(t))
        .map((t) => `${rel(file)}: ${t}`),
    );
    assert.deepEqual(named, []);
  });

  it('the token check sees strings, templates and identifiers, and skips comments', () => {
    const probe = join(ROOT, 'test/fixtures/provider-names.txt');
    assert.deepEqual(
      tokens(probe).filter((t) => /smartbill/i.test(t)),
      ["'smartbill'", '}-smartbill`', 'smartbillKey'],
    );
  });
});

describe('imports', () => {
  const graph = importGraph(SRC, ROOT);
  // The lazy pairs: `x.messages.ts` loads `x.messages.en.ts` with import(), which imports its key type back.
  const lazyMessages = (e: { kind: string; to: string }) => e.kind === 'dynamic' && /\.(en|errors\.ko)\.ts$/.test(e.to);

  it('have no circle beyond the lazily loaded message files (type-only imports count too)', () => {
    assert.ok(graph.length > 500, `only ${graph.length} imports found: the walk missed files`);
    assert.deepEqual(circles(graph.filter((e) => !lazyMessages(e))), []);
  });

  it('see the lazy pairs as circles when their dynamic imports count (the check finds a circle)', () => {
    const found = circles(graph);
    assert.ok(
      found.some((set) => set.join() === 'src/core/element/i18n.en.ts,src/core/element/i18n.errors.ko.ts,src/core/element/i18n.ts'),
    );
    assert.ok(
      found.every((set) => set.every((file) => /(\.messages|i18n)(\.en|\.errors\.ko)?\.ts$|\.errors\.ko\.ts$/.test(file))),
      JSON.stringify(found),
    );
  });

  it('the store base layer (store/) imports no feature: nothing outside store/ but the config type', () => {
    const out = graph.filter((e) => e.from.startsWith('src/core/server/store/') && !e.to.startsWith('src/core/server/store/'));
    assert.deepEqual(
      out.map((e) => `${e.from} -> ${e.to} (${e.kind})`),
      ['src/core/server/store/open.ts -> src/core/server/config.ts (type)'],
    );
  });
});

describe('the store', () => {
  it('no feature branches on its engine: features ask for a capability (advisoryLocks, skipLocked, sequence)', () => {
    const outside = sourceFiles(SRC).filter((f) => !rel(f).startsWith('src/core/server/store/'));
    const branches = outside.flatMap((file) => {
      const t = tokens(file);
      return t.flatMap((tok, i) =>
        /^['"](postgres|sqlite)['"]$/.test(tok) && /^[!=]==?$/.test(t[i - 1] ?? '')
          ? [`${rel(file)}: ${t.slice(i - 4, i + 1).join(' ')}`]
          : [],
      );
    });
    assert.deepEqual(branches, []);
  });

  it('migration ids are unique, and numbered per scope in the order they run', () => {
    const ids = adapterMigrations(providers).map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, `repeated: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
    const last = new Map<string, number>();
    for (const id of ids) {
      const m = /^([a-z]+)\/(\d{3})-[a-z0-9-]+$/.exec(id);
      assert.ok(m, `${id}: not <scope>/<NNN>-<what>`);
      const n = Number(m[2]);
      assert.ok(n > (last.get(m[1]!) ?? 0), `${id} runs after ${m[1]}/${String(last.get(m[1]!)).padStart(3, '0')}-…: numbers must rise`);
      last.set(m[1]!, n);
    }
    // A renumbered migration keeps its former ids, so stores that ran it do not run it again.
    const formerly = adapterMigrations(providers).flatMap((m) => m.formerly ?? []);
    assert.ok(
      formerly.every((id) => !ids.includes(id)),
      `a former id is in use again: ${formerly.filter((id) => ids.includes(id)).join(', ')}`,
    );
  });
});

describe('elements', () => {
  it('none overrides requestUpdate (the base holds renders through its controllers)', () => {
    const overrides = sourceFiles(SRC).flatMap((file) => {
      const found: string[] = [];
      const visit = (node: ts.Node) => {
        if ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node)) && node.name.getText() === 'requestUpdate')
          found.push(rel(file));
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
      return found;
    });
    assert.deepEqual(overrides, []);
  });
});
