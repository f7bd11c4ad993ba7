// The elements in JSX, typed from the package's Custom Elements Manifest.
import type { CustomElements } from 'erp-widgets/jsx';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
