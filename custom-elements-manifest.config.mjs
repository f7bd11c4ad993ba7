// `npm run manifest` → custom-elements.json, read from the elements' JSDoc
// (@fires, @csspart, @cssprop, @slot) and their Lit `static properties`.
export default {
  globs: ['src/*/*.ts'],
  exclude: ['src/adapter/**', 'src/**/sandbox/**', 'src/**/*.messages*.ts', 'src/**/*.styles.ts', 'src/**/adapter.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Events are documented with @fires; the analyzer also guesses names from
      // `dispatchEvent(new SomeEvent(x))`, which gives wrong or empty names. Keep the documented ones.
      name: 'erp-widgets:documented-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.events) decl.events = decl.events.filter((e) => e.name && e.description);
          }
        }
      },
    },
  ],
};
