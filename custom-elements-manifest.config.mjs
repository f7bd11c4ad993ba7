// `npm run manifest` → packages/elements/custom-elements.json, read from the elements' JSDoc
// (@fires {DetailType} name, @csspart, @cssprop, @slot) and their Lit `static properties`; then,
// from it, the framework typings in packages/elements/frameworks/: jsx.d.ts (React 19 JSX
// IntrinsicElements, `erp-widgets/jsx`) and vue.d.ts (Vue 3 GlobalComponents, `erp-widgets/vue`).
// The generated files import the classes and detail types from `erp-widgets`, the root entry.
import { customElementJsxPlugin } from 'custom-element-jsx-integration';
import { dedupeTypeImportsPlugin, vueGlobalComponentsPlugin } from './scripts/cem-framework-typings.mjs';

const FRAMEWORKS = 'packages/elements/frameworks';

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
          // An attribute with no property behind it is not API: `token-provider` is observed only to warn that
          // the function was bound as text (ErpElement.observedAttributes).
          const element = /** @type {typeof decl & import('custom-elements-manifest/schema').CustomElement} */ (decl);
          if (element.attributes) element.attributes = element.attributes.filter((a) => a.fieldName && !hidden.has(a.fieldName));
        }
      }
    },
  },
  // React 19 sets a prop as a property when the element has it, else as an attribute, and
  // `on<event-name>` adds a listener for exactly that event: the generator's output.
  // (Its types carry their own copy of the manifest schema.)
  /** @type {import('@custom-elements-manifest/analyzer').Plugin} */ (
    /** @type {unknown} */ (
      customElementJsxPlugin({ outdir: FRAMEWORKS, fileName: 'jsx.d.ts', globalTypePath: 'erp-widgets', hideLogs: true })
    )
  ),
  dedupeTypeImportsPlugin({ file: `${FRAMEWORKS}/jsx.d.ts` }),
  vueGlobalComponentsPlugin({ outFile: `${FRAMEWORKS}/vue.d.ts`, typesModule: 'erp-widgets' }),
];

export default {
  globs: ['src/*/element/*.ts'],
  exclude: ['src/**/*.messages*.ts', 'src/**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  plugins,
};
