import { ConfigError } from './config.ts';
import type { Crypto } from './crypto.ts';
import { runOperatorCommand } from './operator.ts';
import type { ProviderModule, SealedColumn } from './provider.ts';
import type { Row, Store } from './store/store.ts';

/** The core's own sealed values: cached ones, sealed under their key (e.g. a provider's access token). */
const CORE_SEALED: SealedColumn[] = [
  { table: 'cache', keys: ['cache_key'], column: 'cache_value', context: (r) => String(r.cache_key), shape: 'cache-json' },
];

/** Every sealed column: the core's and each provider's (`ProviderModule.sealed`). */
export const sealedColumns = (providers: readonly ProviderModule[]): SealedColumn[] => [
  ...providers.flatMap((p) => p.sealed),
  ...CORE_SEALED,
];

/** The sealed text inside a column value, and how to put a new one back. */
function unwrap(value: string, shape: SealedColumn['shape']): { sealed: string; wrap: (s: string) => string } | undefined {
  if (shape !== 'cache-json') return /^v[12]\./.test(value) ? { sealed: value, wrap: (s) => s } : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'string' && /^v[12]\./.test(parsed)) return { sealed: parsed, wrap: (s) => JSON.stringify(s) };
  if (parsed && typeof parsed === 'object' && typeof (parsed as { sealed?: unknown }).sealed === 'string') {
    const obj = parsed as { sealed: string };
    return { sealed: obj.sealed, wrap: (s) => JSON.stringify({ ...obj, sealed: s }) };
  }
  return undefined;
}

/**
 * Re-seals every stale value (older key or format) under `encryptionKey`.
 * Each row is updated only if it still holds the value read (another
 * instance may be writing meanwhile). Returns counts per table.column.
 */
export async function rekeyStore(
  store: Store,
  crypto: Crypto,
  providers: readonly ProviderModule[],
): Promise<{ resealed: Record<string, number>; failed: Record<string, number> }> {
  const resealed: Record<string, number> = {};
  const failed: Record<string, number> = {};
  for (const col of sealedColumns(providers)) {
    const name = `${col.table}.${col.column}`;
    let rows: Row[];
    try {
      rows = await store.all(`SELECT ${[...col.keys, col.column].join(', ')} FROM ${col.table} WHERE ${col.column} IS NOT NULL`);
    } catch {
      continue; // this provider's table does not exist in this store
    }
    for (const row of rows) {
      const value = row[col.column];
      if (typeof value !== 'string') continue;
      const inner = unwrap(value, col.shape);
      if (!inner || !crypto.isStale(inner.sealed)) continue;
      try {
        const context = col.context(row);
        const next = inner.wrap(crypto.encrypt(crypto.decrypt(inner.sealed, context), context));
        const where = col.keys.map((k) => `${k} = ?`).join(' AND ');
        await store.run(`UPDATE ${col.table} SET ${col.column} = ? WHERE ${where} AND ${col.column} = ?`, [
          next,
          ...col.keys.map((k) => row[k] ?? null),
          value,
        ]);
        resealed[name] = (resealed[name] ?? 0) + 1;
      } catch {
        failed[name] = (failed[name] ?? 0) + 1;
      }
    }
  }
  return { resealed, failed };
}

export async function rekeyCommand(argv: string[], providers: readonly ProviderModule[]): Promise<void> {
  const usage = `Usage: erp-widgets-adapter rekey --config FILE [--json]

Re-encrypts every value at rest under the config's encryptionKey. Rotate like this:
  1. set encryptionKey to the new key and add the old one to previousEncryptionKeys; restart every instance
  2. run this command once
  3. remove the old key from previousEncryptionKeys (CI/DI digests made under it are re-made on their next lookup;
     keep it while you still need to look up identities verified before the rotation)`;
  await runOperatorCommand(argv, { usage }, providers, async ({ store, crypto }) => {
    if (!crypto.enabled) throw new ConfigError('config key "encryptionKey" is not set: nothing to re-encrypt under');
    const { resealed, failed } = await rekeyStore(store, crypto, providers);
    const total = Object.values(resealed).reduce((a, b) => a + b, 0);
    const lines = [`re-encrypted ${total} value(s)${total ? `: ${JSON.stringify(resealed)}` : ''}`];
    const broken = Object.keys(failed).length > 0;
    if (broken) {
      lines.push(`could not open ${JSON.stringify(failed)}: add the key they were sealed with to previousEncryptionKeys and run again`);
    }
    return { data: { reencrypted: total, resealed, failed }, human: lines.join('\n'), failed: broken };
  });
}
