/** Entry `erp-widgets/smartbill-signup-form`: defines the tag (the class alone is in ./signup-form.ts). */
import { SmartbillSignupForm } from './signup-form.ts';

export { SmartbillSignupForm };
export { SmartbillSignupCompleteEvent, SmartbillSignupSubmitEvent } from './events.ts';
export type { SmartbillSignupCompleteDetail, SmartbillSignupSubmitDetail } from './events.ts';
export type { SignupForm, SmartbillEnv } from '../shared/schema.ts';

if (!customElements.get('smartbill-signup-form')) customElements.define('smartbill-signup-form', SmartbillSignupForm);

declare global {
  interface HTMLElementTagNameMap {
    'smartbill-signup-form': SmartbillSignupForm;
  }
}
