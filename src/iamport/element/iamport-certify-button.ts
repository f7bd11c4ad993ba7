/** Entry `erp-widgets/iamport-certify-button`: defines the tag (the class alone is in ./certify-button.ts). */
import { IamportCertifyButton } from './certify-button.ts';

export { IamportCertifyButton };
export { IamportCertifySuccessEvent } from './events.ts';
export type { CertifyResult } from '../shared/schema.ts';

if (!customElements.get('iamport-certify-button')) customElements.define('iamport-certify-button', IamportCertifyButton);

declare global {
  interface HTMLElementTagNameMap {
    'iamport-certify-button': IamportCertifyButton;
  }
}
