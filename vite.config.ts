import type { InlineConfig, LibraryOptions, PluginOption } from 'vite';
import { defineConfig } from 'vite';
import { minifyLitLiterals } from './scripts/vite-minify-lit-literals.ts';
import { zodOwnKeys } from './scripts/vite-zod-own-keys.ts';

/**
 * Browser entries: `erp-widgets` registers every element, the others one each.
 * `npm run build` (scripts/build.ts) makes from them:
 * - script-tag bundles in `dist/`: `<name>.js` (ES module) and
 *   `erp-widgets.iife.js` (classic script). Each is its own program with Lit,
 *   zod/mini and Korean text inside, tree-shaken alone, so an element's bundle
 *   carries nothing another element needs (the size budgets apply to these);
 * - the npm build in `packages/elements/dist/` (this file's default config, `vite build`):
 *   every entry at once plus `classes` (the classes, no tag defined), Lit and zod left as
 *   imports for the app's bundler to share.
 * English text is always a separate chunk loaded only by English pages; the
 * IIFE loads it (and the form's validation) from the ES-module builds' `dist/chunks/`.
 */
export const elementEntries = {
  'erp-widgets': 'src/index.ts',
  'iamport-certify-button': 'src/iamport/element/iamport-certify-button.ts',
  'benecafe-gate': 'src/benecafe/element/benecafe-gate.ts',
  'smartbill-signup-form': 'src/smartbill/element/smartbill-signup-form.ts',
  'ecount-connect': 'src/ecount/element/ecount-connect.ts',
  'smartbill-invoice-list': 'src/smartbill/element/smartbill-invoice-list.ts',
};

/** The elements package's output folder (npm build, declarations, script-tag copies, manifest). */
export const ELEMENTS_PACKAGE = 'packages/elements';

export function browserConfig(lib: LibraryOptions, options: { outDir: string; external?: RegExp; plugins?: PluginOption[] }): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    plugins: [minifyLitLiterals(), zodOwnKeys(), ...(options.plugins ?? [])],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
    build: {
      outDir: options.outDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib,
      rolldownOptions: {
        external: options.external,
        output: { minify: true, comments: false, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

export default defineConfig(
  browserConfig(
    { entry: { ...elementEntries, classes: 'src/classes.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    { outDir: `${ELEMENTS_PACKAGE}/dist`, external: /^(lit|@lit|lit-html|lit-element|zod)(\/|$)/ },
  ),
);
