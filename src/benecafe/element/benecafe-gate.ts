/** Entry `erp-widgets/benecafe-gate`: defines the tag (the class alone is in ./gate-element.ts). */
import { BenecafeGate } from './gate-element.ts';

export { BenecafeGate };
export { BenecafeGateReadyEvent } from './events.ts';
export type { GateSession } from '../shared/schema.ts';

if (!customElements.get('benecafe-gate')) customElements.define('benecafe-gate', BenecafeGate);

declare global {
  interface HTMLElementTagNameMap {
    'benecafe-gate': BenecafeGate;
  }
}
