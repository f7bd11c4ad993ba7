// `npm run manifest` → packages/elements/custom-elements.json, read from the elements' JSDoc
// (@fires, @csspart, @cssprop, @slot) and their Lit `static properties`.

/** @type {import('@custom-elements-manifest/analyzer').Plugin[]} */
const plugins = [
  {
    // Events are documented with @fires; the analyzer also guesses names from
    // `dispatchEvent(new SomeEvent(x))`, which gives wrong or empty names. Keep the documented ones.
    name: 'erp-widgets:documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if ('events' in decl && decl.events) decl.events = decl.events.filter((e) => e.name && e.description);
        }
      }
    },
  },
  {
    // Only the public API: Lit's `state: true` fields (phase, busy, error, …) and private or
    // protected members are implementation. The analyzer lists them as attributes and members.
    name: 'erp-widgets:public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const hidden = new Set(
            (decl.members ?? []).filter((m) => (m.privacy && m.privacy !== 'public') || m.name.startsWith('#')).map((m) => m.name),
          );
          if (decl.members) decl.members = decl.members.filter((m) => !hidden.has(m.name));
          const element = /** @type {typeof decl & import('custom-elements-manifest/schema').CustomElement} */ (decl);
          if (element.attributes) element.attributes = element.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
        }
      }
    },
  },
];

export default {
  globs: ['src/*/element/*.ts'],
  exclude: ['src/**/*.messages*.ts', 'src/**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  plugins,
};
