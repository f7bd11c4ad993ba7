import { defineProvider } from '../../core/server/provider.ts';
import { iamportMigrations } from './certification-store.ts';
import { portoneRequestMigrations } from './portone-requests.ts';
import { iamportConfigSchema } from './config-schema.ts';
import { iamportEvents } from './events.ts';
import { mountIamportRoutes } from './routes.ts';

/** Iamport identity verification: the server half (`src/providers.ts` lists it). */
export const iamportModule = defineProvider({
  name: 'iamport',
  title: 'Iamport',
  description: 'Iamport identity verification.',
  config: {
    schema: iamportConfigSchema,
    secrets: (c) => [c.impKey, c.impSecret, c.portone?.apiSecret].filter((s): s is string => !!s),
    sealsAtRest: 'to encrypt credentials and tokens at rest',
    productionChecks: (c, check) => {
      if (c.impKey) check.https(['apiBase'], c.apiBase, 'imp_secret and access tokens travel to it');
      if (c.portone) check.https(['portone', 'apiBase'], c.portone.apiBase, 'the PortOne API secret travels to it');
    },
  },
  scopes: ['iamport:certify'],
  events: iamportEvents,
  migrations: [...iamportMigrations, ...portoneRequestMigrations],
  // Its access token is sealed in the core's cache; CI/DI are keyed digests, re-made on lookup.
  sealed: [],
  mount: mountIamportRoutes,
});
