import { writeFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { minifyLitLiterals } from './scripts/vite-minify-lit-literals.ts';

/**
 * Browser builds. `vite build` → ES modules: `dist/erp-widgets.js` (every
 * element) and one file per element, sharing Lit through a chunk.
 * `vite build --mode iife` → `dist/erp-widgets.iife.js`, a classic script.
 * Lit is bundled in both; nothing of the adapter (Node) is.
 */
export const elementEntries = {
  'erp-widgets': 'src/index.ts',
  'iamport-certify-button': 'src/iamport/iamport-certify-button.ts',
};

/** Tells scripts/size.mjs which files are entries. */
function writeEntryList(): Plugin {
  return {
    name: 'erp-widgets:entry-list',
    writeBundle() {
      writeFileSync('dist/.entries.json', JSON.stringify(Object.keys(elementEntries)));
    },
  };
}

export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    plugins: [minifyLitLiterals(), ...(iife ? [] : [writeEntryList()])],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
    build: {
      outDir: 'dist',
      emptyOutDir: !iife,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib: iife
        ? { entry: 'src/index.ts', formats: ['iife'], name: 'ErpWidgets', fileName: () => 'erp-widgets.iife.js' }
        : { entry: elementEntries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        output: { minify: true, comments: false, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
