import type { Dict } from '../../core/element/i18n.ts';
import type { GateMessageKey } from './gate-element.messages.ts';

export const en: Dict<GateMessageKey> = {
  loading: 'Checking your membership…',
  greeting: 'Hello {name}, you can pay with {point}.',
  points: 'Check {point}',
  logout: 'Log out',
  none: 'Come in through your welfare mall to pay with your points.',
  expired: 'Your visit has timed out. Please come in again from the welfare mall.',
  back: 'Back to the welfare mall',
  retry: 'Try again',
  popup_blocked: 'The popup was blocked. Please allow popups.',
  cookie_withheld: 'This page is inside another site (an iframe), so the browser withholds its sign-in cookie. Open it in a new window.',
  open_new_window: 'Open in a new window',
};
