import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type AdapterConfigInput, parseConfig } from '../../src/server.ts';
import { openStore } from '../../src/core/server/store/open.ts';
import type { Store } from '../../src/core/server/store/store.ts';

/**
 * Which store the adapter tests run on. `npm test` runs the adapter suite twice:
 * on SQLite (default) and with `ERP_WIDGETS_TEST_STORE=postgres` plus
 * `ERP_WIDGETS_TEST_PG_URL` pointing at the throwaway server it started.
 */
export const testStoreKind: 'sqlite' | 'postgres' = process.env.ERP_WIDGETS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

const TMP = join(import.meta.dirname, '../../.test-tmp');

export type StoreConfig = NonNullable<AdapterConfigInput['store']>;

export interface TestStore {
  /** Pass as `store` to every adapter that should share this store. */
  config: StoreConfig;
  /** Removes the file (SQLite) or the schema (PostgreSQL). */
  drop(): Promise<void>;
}

let admin: pg.Pool | undefined;
/** Superuser connections to the test server (closed on their own when idle, so test processes exit). */
export function pgAdmin(): pg.Pool {
  const url = process.env.ERP_WIDGETS_TEST_PG_URL;
  if (!url) throw new Error('ERP_WIDGETS_TEST_PG_URL is not set (npm test sets it; or run node scripts/postgres.mjs)');
  admin ??= new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 200, allowExitOnIdle: true });
  return admin;
}

/** A URL on the test server whose connections see only `schema`. */
export function pgUrlFor(schema: string): string {
  const url = new URL(process.env.ERP_WIDGETS_TEST_PG_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** An empty store of the kind under test: a fresh SQLite file, or a fresh schema on the PostgreSQL test server. */
export async function freshTestStore(kind = testStoreKind): Promise<TestStore> {
  if (kind === 'postgres') {
    const schema = `t_${randomUUID().replace(/-/g, '')}`;
    await pgAdmin().query(`CREATE SCHEMA ${schema}`);
    return {
      config: { postgres: { url: pgUrlFor(schema) } },
      async drop() {
        await pgAdmin().query(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  }
  mkdirSync(TMP, { recursive: true });
  const path = join(TMP, `${randomUUID()}.db`);
  return {
    config: { sqlite: path },
    async drop() {
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
  };
}

/** Opens a store from a test store's config, as the adapter would. */
export function openTestStore(config: StoreConfig): Store {
  return openStore(parseConfig({ store: config }).store);
}
