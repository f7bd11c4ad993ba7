import type { CoreMessageKey, Dict } from './i18n.ts';

export const coreEn: Dict<CoreMessageKey> = {
  network_error: 'Cannot reach the server. Check the network.',
  timeout: 'The answer is late. Please try again shortly.',
  invalid_response: 'The server sent an answer we cannot read.',
  origin_not_allowed: 'This page may not call the adapter.',
  not_configured: 'This service is not configured on the adapter.',
  upstream_error: 'The outside service failed. Please try again shortly.',
  unknown_error: 'Something went wrong.',
  missing_adapter: 'The adapter attribute is required.',
};
