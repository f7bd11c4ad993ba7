import { defineProvider } from '../../core/server/provider.ts';
import { iamportMigrations } from './certification-store.ts';
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
    secrets: (c) => [c.impKey, c.impSecret],
    sealsAtRest: 'to encrypt credentials and tokens at rest',
    productionChecks: (c, check) => check.https(['apiBase'], c.apiBase, 'imp_secret and access tokens travel to it'),
  },
  scopes: ['iamport:certify'],
  events: iamportEvents,
  migrations: iamportMigrations,
  // Its access token is sealed in the core's cache; CI/DI are keyed digests, re-made on lookup.
  sealed: [],
  mount: mountIamportRoutes,
});
