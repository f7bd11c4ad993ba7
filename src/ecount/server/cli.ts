import { ConfigError } from '../../core/server/config.ts';
import { createLogger } from '../../core/server/logger.ts';
import { type OperatorEnv, runOperatorCommand, subcommands, textTable } from '../../core/server/operator.ts';
import type { ProviderModule } from '../../core/server/provider.ts';
import { StoreRateLimiter } from '../../core/server/rate-limit.ts';
import { createEvents } from '../../core/server/webhooks/outbox.ts';
import { eventsOf } from '../../core/server/webhooks/test-send.ts';
import type { EcountConfig } from './config-schema.ts';
import { EcountConnection } from './connection.ts';
import { companiesOf, statusOf } from './routes.ts';
import { resetEcountState } from './state-store.ts';

const ecountOf = (env: OperatorEnv): EcountConfig => {
  const ecount = env.config.ecount as EcountConfig | undefined;
  if (!ecount) throw new ConfigError('config key "ecount" is not set: this adapter has no Ecount connection');
  return ecount;
};

/** The configured companies' connections, read-only use (status): no call to Ecount is made. */
function connections(env: OperatorEnv, only: string | undefined): EcountConnection[] {
  const config = ecountOf(env);
  const ctx = {
    store: env.store,
    rateLimiter: new StoreRateLimiter(env.store, env.now),
    crypto: env.crypto,
    events: createEvents(env.config.webhooks, env.now, () => {}, eventsOf(env.providers)),
    fetch: () => Promise.reject(new Error('the status command never calls Ecount')),
    now: env.now,
    logger: createLogger({ silent: true }),
  };
  const companies = [...companiesOf(config).values()].filter((co) => !only || co.comCode === only);
  if (only && !companies.length) throw new ConfigError(`no configured Ecount company has COM_CODE ${only}`);
  return companies.map((co) => new EcountConnection(config, co, ctx));
}

const status = (argv: string[], providers: readonly ProviderModule[]) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter ecount status --config FILE [--json] [--company COM_CODE]

  Each configured company's Ecount connection as the adapter sees it (shared by every instance): session,
  zone, whether logins are stopped, failures, the last error and the calls left. Calls nothing at Ecount.`,
      options: { company: { type: 'string' } },
    },
    providers,
    async (env, _pos, values) => {
      const all = [];
      for (const conn of connections(env, values.company as string | undefined)) all.push(await statusOf(conn, env.now()));
      const human = textTable(
        ['COMPANY', 'ENV', 'CONNECTED', 'ZONE', 'LOGINS', 'FAILURES', 'LAST ERROR', 'CALLS LEFT TODAY'],
        all.map((s) => [
          s.company,
          s.environment,
          s.connected ? 'yes' : 'no',
          s.zone,
          s.blocked ? 'STOPPED (ecount reset)' : s.backoffUntil ? `paused until ${s.backoffUntil}` : 'allowed',
          s.failures,
          s.lastError ? `${s.lastError.code} (${s.lastError.at})` : null,
          s.limits.daily,
        ]),
      );
      return { data: { companies: all }, human };
    },
  );

const reset = (argv: string[], providers: readonly ProviderModule[]) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter ecount reset --config FILE [--json] [--company COM_CODE]

  Lets the adapter log in to Ecount again after it stopped (ecount_login_blocked): clears the failure count,
  the stop and any back-off, for one company or all; a live session is kept. Fix the cause first (user ID,
  API_CERT_KEY, test/production), or the next failures count towards Ecount's IP block.`,
      options: { company: { type: 'string' } },
    },
    providers,
    async (env, _pos, values) => {
      const key = values.company ? `${ecountOf(env).environment}:${String(values.company)}` : undefined;
      const n = await resetEcountState(env.store, key, env.now());
      return {
        data: { reset: n },
        human: `ecount reset: ${n} compan${n === 1 ? 'y' : 'ies'} reset${key ? ` (${key})` : ''}; logins may resume`,
      };
    },
  );

/** `erp-widgets-adapter ecount status|reset`. */
export const ecountCommand = subcommands('ecount', { status, reset });
