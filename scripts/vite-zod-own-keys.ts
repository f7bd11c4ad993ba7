import type { Plugin } from 'vite';

/**
 * zod 4.6.7 walks objects with `for…in`, which also visits keys a page added
 * to Object.prototype (old ERP pages do: `Object.prototype.extend = …`). At
 * module load `members()` in `zod/v4/core/util.js` then reads the descriptor of
 * an inherited key, gets `undefined` and throws, so no element is defined; while
 * parsing, a strict object reports the inherited keys as unrecognized.
 * zod means own keys everywhere it does this, so each `for (const k in o) {`
 * (also inside the code its JIT compiler writes) becomes
 * `for (const k of Object.keys(o)) {`. docs/zod-prototype-patch.md has the
 * upstream note. The build fails if zod's source stops matching, so a zod
 * upgrade makes someone look again.
 */
export function zodOwnKeys(): Plugin {
  const FOR_IN = /for \(const (\w+) in ([^)]+)\) \{/g;
  const patched = new Set<string>();
  return {
    name: 'erp-widgets:zod-own-keys',
    transform(code, id) {
      if (!/[/\\]node_modules[/\\]zod[/\\]v4[/\\]core[/\\][\w-]+\.js$/.test(id)) return null;
      if (!code.includes(' in ') || !new RegExp(FOR_IN.source).test(code)) return null;
      patched.add(id.replace(/.*[/\\]zod[/\\]/, 'zod/'));
      return { code: code.replace(FOR_IN, 'for (const $1 of Object.keys($2)) {'), map: null };
    },
    buildEnd(error) {
      // Only bundles that contain zod's util.js must have it patched; others (no zod) pass.
      if (!error && this.getModuleIds && [...this.getModuleIds()].some((m) => /zod[/\\]v4[/\\]core[/\\]util\.js$/.test(m))) {
        if (!patched.has('zod/v4/core/util.js')) this.error('zod/v4/core/util.js no longer has the for…in loops this patch replaces');
      }
    },
  };
}
