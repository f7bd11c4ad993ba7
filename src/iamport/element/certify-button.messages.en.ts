import type { Dict } from '../../core/element/i18n.ts';
import type { CertifyMessageKey } from './certify-button.messages.ts';

export const en: Dict<CertifyMessageKey> = {
  label: 'Verify with mobile phone',
  loading_sdk: 'Loading the verification module…',
  certifying: 'Complete the verification in its window.',
  verifying: 'Checking the result…',
  verified: 'Identity verified',
  birthday: 'Date of birth',
  phone: 'Mobile',
  again: 'Verify again',
  missing_merchant_code: 'The merchant-code attribute is required.',
  sdk_load_failed: 'The verification module could not be loaded.',
  certification_failed: 'Verification failed. Check what you entered and try again.',
  certification_cancelled: 'Verification cancelled. Press the button to try again.',
  popup_blocked: "The verification window was blocked. Allow popups in your browser's settings.",
  popup_blocked_retry: 'The window was blocked while the module loaded. Please press the button once more.',
  press_again: 'The verification module is ready. Please press the button once more.',
  retry: 'The verification could not be confirmed. Please verify again.',
  iamport_under_min_age: 'You do not meet the minimum age.',
  iamport_credentials_rejected: 'Identity verification is misconfigured. Contact your administrator.',
  portone_verification_failed: 'Verification failed. Please try again.',
};
