import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, readConfigFile } from '../../core/server/config.ts';
import { adapterMigrations } from '../../core/server/migrations.ts';
import type { ProviderModule } from '../../core/server/provider.ts';
import { openStore } from '../../core/server/store/open.ts';
import type { EcountConfig } from './config-schema.ts';
import { resetEcountState } from './state-store.ts';

const usage = `Usage: erp-widgets-adapter ecount-reset --config FILE [--company COM_CODE]

  Lets the adapter log in to Ecount again after it stopped (ecount_login_blocked):
  clears the failure count, the block and any back-off, for one company or all.
  Fix the cause first (user ID, API_CERT_KEY, test/production), or the next
  failures count towards Ecount's IP block (10 failed zone/login calls).`;

/** `erp-widgets-adapter ecount-reset`: the operator's reset without the server API. */
export async function ecountResetCommand(argv: string[], providers: readonly ProviderModule[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, company: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.config) {
    console.log(usage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const config = parseConfig(readConfigFile(values.config), providers);
  const ecount = config.ecount as EcountConfig | undefined;
  if (!ecount) throw new ConfigError('config key "ecount" is not set: there is no Ecount connection to reset');
  const store = openStore(config.store);
  try {
    await store.migrate(adapterMigrations(providers));
    const key = values.company ? `${ecount.environment}:${values.company}` : undefined;
    const n = await resetEcountState(store, key, Date.now());
    console.log(`ecount-reset: ${n} compan${n === 1 ? 'y' : 'ies'} reset${key ? ` (${key})` : ''}; logins may resume`);
  } finally {
    await store.close();
  }
}
