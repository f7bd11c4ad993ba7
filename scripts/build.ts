// `npm run build`, browser half: the script-tag bundles in dist/ (one self-contained program per
// entry, plus the IIFE; the demo serves them), the list of entries for scripts/size.mjs, and the
// elements package (packages/elements): the npm build, its declaration files and a copy of the
// script-tag bundles for CDNs that serve npm packages. Then the React package, built on it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import viteConfig, { ELEMENTS_PACKAGE, browserConfig, elementEntries } from '../vite.config.ts';
import { iifeLazyChunks, recordLazyChunks } from './vite-iife-lazy-chunks.ts';

const tsc = (project: string) => execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
for (const dir of ['dist', 'types', 'cdn']) rmSync(join(ELEMENTS_PACKAGE, dir), { recursive: true, force: true });
rmSync('packages/react/dist', { recursive: true, force: true });

for (const [name, entry] of Object.entries(elementEntries)) {
  await build(browserConfig({ entry, formats: ['es'], fileName: () => `${name}.js` }, { outDir: 'dist', plugins: [recordLazyChunks()] }));
}
await build(
  browserConfig(
    { entry: 'src/index.ts', formats: ['iife'], name: 'ErpWidgets', fileName: () => 'erp-widgets.iife.js' },
    { outDir: 'dist', plugins: [iifeLazyChunks()] },
  ),
);
mkdirSync('dist', { recursive: true });
writeFileSync('dist/.entries.json', JSON.stringify(Object.keys(elementEntries)));

await build(viteConfig);
tsc('tsconfig.elements.json');
// tsc keeps the sources' `.ts` specifiers in declaration files; an app's compiler resolves `.js`.
for (const file of readdirSync(join(ELEMENTS_PACKAGE, 'types'), { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(ELEMENTS_PACKAGE, 'types', file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/((?:from\s+|import\(\s*)['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
}
cpSync('dist', join(ELEMENTS_PACKAGE, 'cdn'), { recursive: true, filter: (src) => !src.endsWith('.entries.json') });
tsc('tsconfig.react.json');
console.log(
  `built ${Object.keys(elementEntries).length} script-tag bundles and erp-widgets.iife.js (dist/), ${ELEMENTS_PACKAGE} and packages/react`,
);
