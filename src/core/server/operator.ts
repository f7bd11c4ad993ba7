import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type AdapterConfig, ConfigError, parseConfig, readConfigFile } from './config.ts';
import { type Crypto, createCrypto } from './crypto.ts';
import { ApiError } from './errors.ts';
import { adapterMigrations } from './migrations.ts';
import type { ProviderModule } from './provider.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';

/**
 * The operator commands' common ground (`erp-widgets-adapter webhooks …`, `smartbill …`, `ecount …`, `rekey`):
 * the same config file as the server, the same store (opened and migrated as an instance would), human output
 * or `--json`, and the exit codes 0 (done), 1 (refused or failed) and 2 (usage).
 */
export interface OperatorEnv {
  config: AdapterConfig;
  store: Store;
  crypto: Crypto;
  providers: readonly ProviderModule[];
  now: () => number;
}

/** What a command did: `data` is printed with `--json`, `human` otherwise; `failed` makes the exit code 1. */
export interface Outcome {
  data: unknown;
  human: string;
  failed?: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * Runs one operator command: parses `argv` (`--config`, `--json`, `--help` and the command's own options),
 * opens the store, prints the outcome. A refusal (an ApiError, a bad config) prints its code and message
 * (`{ "error": { code, message } }` with `--json`) and exits 1.
 */
export async function runOperatorCommand(
  argv: string[],
  spec: { usage: string; options?: Options; positionals?: number },
  providers: readonly ProviderModule[],
  run: (env: OperatorEnv, positionals: string[], values: Values) => Promise<Outcome>,
): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...spec.options },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${spec.usage}`);
    process.exitCode = 2;
    return;
  }
  const { values, positionals } = parsed;
  if (values.help || !values.config || positionals.length < (spec.positionals ?? 0)) {
    console.log(spec.usage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const json = values.json === true;
  let env: OperatorEnv | undefined;
  try {
    const config = parseConfig(readConfigFile(values.config as string), providers);
    const store = openStore(config.store);
    env = {
      config,
      store,
      providers,
      now: Date.now,
      crypto: createCrypto({ key: config.encryptionKey, previous: config.previousEncryptionKeys }),
    };
    await store.migrate(adapterMigrations(providers));
    const outcome = await run(env, positionals, values);
    console.log(json ? JSON.stringify(outcome.data, null, 2) : outcome.human);
    if (outcome.failed) process.exitCode = 1;
  } catch (err) {
    if (!(err instanceof ApiError || err instanceof ConfigError)) throw err;
    const code = err instanceof ApiError ? err.code : 'invalid_config';
    if (json) console.log(JSON.stringify({ error: { code, message: err.message } }, null, 2));
    else console.error(`${code}: ${err.message}`);
    process.exitCode = 1;
  } finally {
    await env?.store.close();
  }
}

/** Sub-commands under one word (`webhooks list`): the first positional picks one, the rest is its argv. */
export function subcommands(
  word: string,
  table: Record<string, (argv: string[], providers: readonly ProviderModule[]) => Promise<void>>,
): (argv: string[], providers: readonly ProviderModule[]) => Promise<void> {
  return async (argv, providers) => {
    const [sub, ...rest] = argv;
    const found = sub === undefined ? undefined : table[sub];
    if (found) return found(rest, providers);
    console.log(`Usage: erp-widgets-adapter ${word} ${Object.keys(table).join('|')} --config FILE [--json] …  (--help on each)`);
    process.exitCode = sub === '--help' || sub === '-h' ? 0 : 2;
  };
}

/** A plain-text table: a header, then one line per row, columns padded to their widest cell. */
export function textTable(columns: string[], rows: (string | number | null)[][]): string {
  const cells = [columns, ...rows.map((r) => r.map((v) => (v === null ? '-' : String(v))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** An epoch-ms time as an ISO string (human output), or '-'. */
export const isoTime = (ms: number | null | undefined): string => (ms == null ? '-' : new Date(ms).toISOString());
