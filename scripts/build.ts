// `npm run build`: the script-tag bundles (one self-contained program per entry,
// plus the IIFE), the npm build, and the list of entries for scripts/size.mjs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import viteConfig, { browserConfig, elementEntries } from '../vite.config.ts';
import { iifeLazyChunks, recordLazyChunks } from './vite-iife-lazy-chunks.ts';

rmSync('dist', { recursive: true, force: true });
for (const [name, entry] of Object.entries(elementEntries)) {
  await build(browserConfig({ entry, formats: ['es'], fileName: () => `${name}.js` }, { outDir: 'dist', plugins: [recordLazyChunks()] }));
}
await build(
  browserConfig(
    { entry: 'src/index.ts', formats: ['iife'], name: 'ErpWidgets', fileName: () => 'erp-widgets.iife.js' },
    { outDir: 'dist', plugins: [iifeLazyChunks()] },
  ),
);
await build(viteConfig);
mkdirSync('dist', { recursive: true });
writeFileSync('dist/.entries.json', JSON.stringify(Object.keys(elementEntries)));
console.log(`built ${Object.keys(elementEntries).length} script-tag bundles, erp-widgets.iife.js and dist/npm/`);
