import type { CoreMessageKey, Dict } from './i18n.ts';

export const coreEn: Dict<CoreMessageKey> = {
  network_error: 'Cannot reach the server. Check the network.',
  adapter_not_found: 'The service was not found at its address. Contact your administrator.',
  timeout: 'The answer is late. Please try again shortly.',
  invalid_response: 'The server sent an answer we cannot read.',
  origin_not_allowed: "The adapter does not allow this page's address (origin). Contact your administrator.",
  not_configured: 'This service is not configured on the adapter.',
  upstream_error: 'The outside service failed. Please try again shortly.',
  unknown_error: 'Something went wrong.',
  missing_adapter: 'The adapter attribute is required.',
  token_missing: 'No sign-in token. Please sign in again.',
  token_invalid: 'The sign-in token is not valid. Please sign in again.',
  token_expired: 'Your sign-in has expired. Please reload the page.',
  token_unavailable: 'Could not get a sign-in token. Please sign in again.',
  scope_missing: 'You may not use this feature.',
  tenant_mismatch: "You may not see another company's data.",
  rate_limited: 'Too many requests. Please try again shortly.',
};
