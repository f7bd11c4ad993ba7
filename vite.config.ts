import { defineConfig } from 'vite';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.ts';

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

export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    plugins: [minifyCssLiterals()],
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
        output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
