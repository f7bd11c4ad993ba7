import type { SignupIssueKey } from './schema.ts';

/**
 * English text of the signup form's validation problems. Neutral ground: the
 * adapter writes its `invalid_request` message with it, and the element's
 * lazy English chunk (signup-form.messages.en.ts) takes it from here.
 */
export const signupIssuesEn: Record<SignupIssueKey, string> = {
  required: 'This field is required.',
  too_long: 'At most {max} characters.',
  biz_no: 'The business number has 10 digits.',
  biz_no_check: 'This business number is not valid.',
  zip: 'The postal code has 5 digits.',
  phone: 'Write it with dashes (e.g. 02-1234-5678).',
  email: 'This is not a valid e-mail address.',
  yn: 'Must be Y or N.',
  unknown: 'Unknown field.',
};

/** One sentence naming each bad field, in English: the adapter's `invalid_request` message. */
export function describeSignupErrors(errors: Partial<Record<string, string>>, max: (name: string) => number): string {
  const text = signupIssuesEn as Record<string, string>;
  return Object.entries(errors)
    .map(([name, key]) => `${name}: ${(Object.hasOwn(text, key!) ? text[key!]! : key!).replace('{max}', String(max(name)))}`)
    .join('; ');
}
