import type { Plugin } from 'vite';

/**
 * Lit's `css\`…\`` blocks reach the bundle verbatim; this collapses their
 * whitespace and comments. Only our own `*.styles.ts`/`base-styles.ts` files,
 * which hold plain CSS without `${}` expressions.
 */
export function minifyCssLiterals(): Plugin {
  return {
    name: 'erp-widgets:minify-css-literals',
    transform(code, id) {
      if (!/\/src\/.*styles\.ts$/.test(id)) return null;
      return code.replace(/css`([^`]*)`/g, (_m, body: string) => {
        if (body.includes('${')) return _m;
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}
