import type { Dict } from '../../core/element/i18n.ts';
import type { ConnectMessageKey } from './connect-element.messages.ts';

export const en: Dict<ConnectMessageKey> = {
  title: 'Ecount ERP connection',
  loading: 'Checking the connection…',
  company: 'Company code',
  zone: 'Zone',
  environment: 'Server',
  test: 'Test',
  production: 'Production',
  session: 'Session',
  connected: 'Connected',
  disconnected: 'Not connected',
  blocked: 'Logins stopped (an operator must reset)',
  since: 'logged in {time} ({min} min ago)',
  expire: 'API end date',
  notice: 'Notice',
  last_error: 'Last error',
  limits: 'Calls left',
  limits_value: 'today: {daily} · logins: {login}',
  connect: 'Connect',
  test_button: 'Test connection',
  ecount_rate_limited: 'The Ecount call limit is reached. Try again later.',
  ecount_login_blocked: 'Ecount logins are stopped after repeated failures. An operator must reset.',
};
