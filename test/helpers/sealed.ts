import type { Crypto } from '../../src/core/server/crypto.ts';
import type { Store } from '../../src/core/server/store/store.ts';

/** A sealed value inside a stored string: the value itself, or one JSON-wrapped (cache rows). */
function sealedIn(value: string): string | undefined {
  if (/^v[12]\./.test(value)) return value;
  if (!/^["{]/.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'string') return sealedIn(parsed);
    const inner = (parsed as { sealed?: unknown } | null)?.sealed;
    return typeof inner === 'string' ? sealedIn(inner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every `table.column` of every table in the store that still holds a value
 * sealed under an older key: after a rekey it must be empty, whatever tables
 * providers have added (so a sealed column missing from SEALED_COLUMNS shows).
 */
export async function staleSealedColumns(store: Store, crypto: Crypto): Promise<string[]> {
  const tables =
    store.kind === 'sqlite'
      ? await store.all<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table'")
      : await store.all<{ t: string }>(
          "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        );
  const stale = new Set<string>();
  for (const { t } of tables) {
    for (const row of await store.all(`SELECT * FROM ${t}`)) {
      for (const [column, value] of Object.entries(row)) {
        const sealed = typeof value === 'string' ? sealedIn(value) : undefined;
        if (sealed && crypto.isStale(sealed)) stale.add(`${t}.${column}`);
      }
    }
  }
  return [...stale].sort();
}
