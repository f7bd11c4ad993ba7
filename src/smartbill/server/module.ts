import type { Row } from '../../core/server/store/store.ts';
import { defineProvider } from '../../core/server/provider.ts';
import { smartbillConfigSchema } from './config-schema.ts';
import { credentialMigrations, sealContext } from './credential-migrations.ts';
import { smartbillEvents } from './events.ts';
import { invoiceCredentialMigrations } from './invoice-credentials.ts';
import { mountSmartbillRoutes } from './routes.ts';
import { smartbillMigrations } from './signup-store.ts';

/** SmartBill simple signup and tax invoices: the server half (`src/providers.ts` lists it). */
export const smartbillModule = defineProvider({
  name: 'smartbill',
  title: 'SmartBill',
  description: 'SmartBill simple signup and tax invoices.',
  config: {
    schema: smartbillConfigSchema,
    secrets: (c) => (c.encryptionKey ? [c.encryptionKey] : []),
    sealsAtRest: 'to encrypt credentials and tokens at rest (or the older smartbill.encryptionKey)',
    legacyTopLevel: (c) => ({ encryptionKey: c.encryptionKey, trustedProxyHeader: c.trustedProxyHeader }),
    productionChecks(c, check) {
      if (!c.site) return;
      check.https(['site'], c.site, 'the signup form posts company and personal data to it');
      if (!/^https?:\/\//.test(c.site)) check.issue(['site'], 'must be an absolute https:// URL outside the sandbox');
    },
  },
  scopes: ['smartbill:signup', 'smartbill:invoices'],
  events: smartbillEvents,
  migrations: [...smartbillMigrations, ...invoiceCredentialMigrations, ...credentialMigrations],
  // AUTH_CODE per business number, AUTH_TOKEN per user, unmatched callbacks (credential-migrations.ts); invoice windows sit in the cache.
  sealed: [
    { table: 'smartbill_credentials', keys: ['com_regno'], column: 'auth_code', context: (r) => sealContext.authCode(String(r.com_regno)) },
    {
      table: 'smartbill_api_tokens',
      keys: ['com_regno', 'sbid', 'seal'],
      column: 'auth_token',
      context: (r) => sealContext.userToken(String(r.com_regno), String(r.sbid), String(r.seal)),
    },
    ...(['auth_code', 'auth_token'] as const).map((field) => ({
      table: 'smartbill_unmatched_credentials',
      keys: ['seq', 'com_regno', 'seal'],
      column: field,
      context: (r: Row) => sealContext.unmatched(String(r.com_regno), String(r.seq), String(r.seal), field),
    })),
  ],
  commands: {
    smartbill: {
      usage: 'smartbill unmatched list|adopt <seq>|discard <seq> --config FILE [--json]   callbacks that matched no signup',
      run: async (argv, providers) => (await import('./cli.ts')).smartbillCommand(argv, providers),
    },
  },
  mount: mountSmartbillRoutes,
});
