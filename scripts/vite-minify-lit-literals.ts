import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Lit's `css\`…\`` and `html\`…\`` literals reach the bundle verbatim. This
 * collapses the whitespace of our own element files: CSS in `*styles.ts`
 * (plain CSS, no `${}`), and in other element sources every whitespace run
 * that holds a line break inside an `html` template's literal text — between
 * tags, and between the attributes Prettier puts one per line — to one space,
 * which is what HTML makes of it anyway (no template holds a `<pre>`).
 */
export function minifyLitLiterals(): Plugin {
  return {
    name: 'erp-widgets:minify-lit-literals',
    transform(code, id) {
      if (!/\/src\/(?!.*\/sandbox\/).*\.ts$/.test(id)) return null;
      // map: null — the transform only shortens whitespace, so existing mappings stay roughly right.
      if (!/styles\.ts$/.test(id)) return code.includes('html`') ? { code: collapseHtmlWhitespace(code, id), map: null } : null;
      const out = code.replace(/css`([^`]*)`/g, (_m, body: string) => {
        if (body.includes('${')) return _m;
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
      return { code: out, map: null };
    },
  };
}

/** The literal parts of every `html\`…\`` template, found by parsing (an expression inside may hold any text). */
export function collapseHtmlWhitespace(code: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'html') {
      const t = node.template;
      for (const part of ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)])
        edits.push({ start: part.getStart(source), end: part.getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const { start, end } of edits.sort((a, b) => b.start - a.start)) {
    // A backslash before a line break continues the line: leave such a part as it is.
    const raw = out.slice(start, end);
    if (!/\\\r?\n/.test(raw)) out = out.slice(0, start) + raw.replace(/\s*\n\s*/g, ' ') + out.slice(end);
  }
  return out;
}
