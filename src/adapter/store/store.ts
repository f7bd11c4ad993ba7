/**
 * The adapter's durable store. Provider code talks to it through this small
 * SQL interface with `?` placeholders and portable SQL (no SQLite-only or
 * PostgreSQL-only syntax), so the same queries run on the embedded SQLite
 * file and on a shared PostgreSQL server.
 */
import { leaseMigrations } from '../lease.ts';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface Migration {
  /** Unique and stable forever, e.g. `iamport/001-certifications`. */
  id: string;
  sql: string;
}

export interface SqlExecutor {
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
}

export interface Store extends SqlExecutor {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies, in order, each migration not yet recorded. Safe to call from several instances. */
  migrate(migrations: readonly Migration[]): Promise<string[]>;
  /** Runs `fn` in one transaction; everything or nothing is written. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Cheap round-trip used by `GET /health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/** Migrations every provider relies on. */
export const coreMigrations: Migration[] = [
  {
    id: 'core/001-cache',
    // Token and session caches shared by every adapter instance.
    sql: `CREATE TABLE IF NOT EXISTS cache (
      cache_key TEXT PRIMARY KEY,
      cache_value TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    )`,
  },
  // Single-flight work across instances (src/adapter/lease.ts).
  ...leaseMigrations,
];
