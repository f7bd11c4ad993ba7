import { defineProvider } from '../../core/server/provider.ts';
import { ecountConfigSchema, ecountSecrets } from './config-schema.ts';
import { ecountEvents } from './events.ts';
import { mountEcountRoutes } from './routes.ts';
import { ecountMigrations } from './state-store.ts';

/** Ecount session and API proxy: the server half (`src/providers.ts` lists it). */
export const ecountModule = defineProvider({
  name: 'ecount',
  title: 'Ecount',
  description: 'Ecount session and API proxy.',
  config: { schema: ecountConfigSchema, secrets: ecountSecrets, sealsAtRest: 'to encrypt the Ecount session at rest' },
  scopes: ['ecount:read', 'ecount:write', 'ecount:connect'],
  events: ecountEvents,
  migrations: ecountMigrations,
  sealed: [
    { table: 'ecount_state', keys: ['company_key'], column: 'secret', context: (r) => `ecount_state:${String(r.company_key)}:secret` },
  ],
  commands: {
    ecount: {
      usage: 'ecount status|reset --config FILE [--json] [--company CODE]   the Ecount connection; let it log in again after a stop',
      run: async (argv, providers) => (await import('./cli.ts')).ecountCommand(argv, providers),
    },
    'ecount-reset': {
      usage: 'ecount-reset --config FILE [--company CODE]   older name of "ecount reset"',
      run: async (argv, providers) => (await import('./cli.ts')).ecountCommand(['reset', ...argv], providers),
    },
  },
  mount: mountEcountRoutes,
});
