import type { Dict } from '../core/i18n.ts';
import type { SignupMessageKey } from './signup-form.messages.ts';

export const en: Dict<SignupMessageKey> = {
  pComRegNo: 'Business registration no.',
  pComName: 'Company name',
  pComPresident: 'Representative',
  pComBizStatus: 'Business type',
  pComBizClass: 'Business item',
  pZipCode: 'Postal code',
  pComAddress: 'Address',
  pMIGRATIONFLAG: 'Partner code',
  pMemName: 'Contact name',
  pMemTel: 'Phone',
  pMemHP: 'Mobile',
  pMemFax: 'Fax',
  pMemEmail: 'E-mail',
  pMasterYN: 'Company administrator',
  pID: 'ERP user ID',
  required: 'This field is required.',
  too_long: 'At most {max} characters.',
  biz_no: 'The business number has 10 digits.',
  biz_no_check: 'This business number is not valid.',
  biz_no_demo: 'Check digit mismatch, accepted in the demo environment.',
  zip: 'The postal code has 5 digits.',
  phone: 'Write it with dashes (e.g. 02-1234-5678).',
  email: 'This is not a valid e-mail address.',
  yn: 'Must be Y or N.',
  unknown: 'Unknown field.',
  submit: 'Continue to SmartBill',
  registering: 'Registering the signup…',
  popup_blocked: 'The popup was blocked.',
  retry_popup: 'Open the popup again',
  same_window: 'Continue in this window',
  invalid_form: 'Please check the form.',
  steps: 'Steps',
  step1: 'Company details',
  step2: 'Identity check & terms',
  step3: 'Log in or join',
  step4: 'Auth code & token',
  step5: 'Certificate',
  waiting: 'Complete the signup in the SmartBill window. This page updates by itself.',
  completed: 'SmartBill is connected. (ID: {id})',
  no_sync: 'After signing up, finish the auth code, token and certificate on the completion page.',
  problem: 'Having a problem?',
  recovery: 'Log in to SmartBill, then use these pages:',
  no_sync_link: 'Completion page (auth code, token, certificate)',
  authCode: 'Create the auth code',
  authToken: 'Issue the auth token',
  cert: 'Register the certificate',
  smartbill_timeout: 'The signup was not confirmed in time.',
  smartbill_env_mismatch: 'The adapter and this page use different SmartBill environments (demo/production).',
};

/** One sentence naming each bad field, in English: the adapter's `invalid_request` message. */
export function describeSignupErrors(errors: Partial<Record<string, string>>, max: (name: string) => number): string {
  const dict = en as Record<string, string>;
  return Object.entries(errors)
    .map(([name, key]) => `${name}: ${(dict[key!] ?? key!).replace('{max}', String(max(name)))}`)
    .join('; ');
}
