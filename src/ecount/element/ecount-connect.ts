/** Entry `erp-widgets/ecount-connect`: defines the tag (the class alone is in ./connect-element.ts). */
import { EcountConnect } from './connect-element.ts';

export { EcountConnect };
export { EcountConnectStatusEvent } from './events.ts';
export type { EcountStatus } from '../shared/status.ts';

if (!customElements.get('ecount-connect')) customElements.define('ecount-connect', EcountConnect);

declare global {
  interface HTMLElementTagNameMap {
    'ecount-connect': EcountConnect;
  }
}
