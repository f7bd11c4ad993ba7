import type { Plugin } from 'vite';

/**
 * A classic script cannot be split into chunks, so the IIFE bundle used to
 * carry inline what the ES-module bundles load only when needed: English text
 * and the signup form's zod validation (about 8 kB gz of its 35). A classic
 * script may still call `import()`, so the IIFE loads the very chunks the
 * ES-module builds wrote to `dist/chunks/`, from next to itself.
 *
 * `recordLazyChunks()` runs in the ES-module builds and notes which file each
 * lazily imported module became; `iifeLazyChunks()` runs in the IIFE build
 * (after them) and turns each such `import('./x.ts')` into
 * `import(new URL('chunks/x-HASH.js', <this script's URL>).href)`.
 * The chunks are self-contained (data and zod, no shared state), so loading
 * them from the IIFE gives no second copy of anything that holds state.
 */
const lazyChunkFiles = new Map<string, string>();

export function recordLazyChunks(): Plugin {
  return {
    name: 'erp-widgets:record-lazy-chunks',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.isDynamicEntry && chunk.facadeModuleId)
          lazyChunkFiles.set(chunk.facadeModuleId, chunk.fileName);
      }
    },
  };
}

const MARKER = '__erp_widgets_lazy__/';
/** The script's own URL, taken while it runs (currentScript is null by the time a chunk loads). */
const BASE = '__erpWidgetsBase';

export function iifeLazyChunks(): Plugin {
  return {
    name: 'erp-widgets:iife-lazy-chunks',
    async resolveDynamicImport(specifier, importer) {
      if (typeof specifier !== 'string') return null;
      const resolved = await this.resolve(specifier, importer);
      const file = resolved && lazyChunkFiles.get(resolved.id);
      if (!file) this.error(`no ES-module chunk for the lazy import ${specifier} in ${importer}: build the ES-module bundles first`);
      return { id: MARKER + file, external: true };
    },
    renderChunk(code) {
      const rewritten = code.replace(
        /import\((["'`])__erp_widgets_lazy__\/([\w./-]+)\1\)/g,
        (_m, _q, file: string) => `import(new URL(${JSON.stringify(file)},${BASE}).href)`,
      );
      if (rewritten.includes(MARKER)) this.error('a lazy import in the IIFE bundle was not rewritten');
      return { code: rewritten, map: null };
    },
    outputOptions(options) {
      return {
        ...options,
        intro: `var ${BASE}=document.currentScript&&document.currentScript.src||location.href;`,
      };
    },
  };
}
