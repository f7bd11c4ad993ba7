import type { Plugin } from 'vite';

/**
 * Lit's `css\`…\`` and `html\`…\`` literals reach the bundle verbatim. This
 * collapses the whitespace of our own element files: CSS in `*styles.ts`
 * (plain CSS, no `${}`), and in other element sources the line breaks plus
 * indentation before a `<tag` or `${` (those only occur inside templates,
 * where a run of whitespace means one space anyway).
 */
export function minifyLitLiterals(): Plugin {
  return {
    name: 'erp-widgets:minify-lit-literals',
    transform(code, id) {
      if (!/\/src\/(?!.*\/sandbox\/).*\.ts$/.test(id)) return null;
      // map: null — the transform only shortens whitespace, so existing mappings stay roughly right.
      if (!/styles\.ts$/.test(id)) return { code: code.replace(/\n\s+(?=<|\$\{)/g, ' '), map: null };
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
