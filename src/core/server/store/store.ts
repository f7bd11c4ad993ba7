/**
 * The adapter's durable store. Provider code talks to it through this small
 * SQL interface with `?` placeholders and portable SQL (no SQLite-only or
 * PostgreSQL-only syntax), so the same queries run on the embedded SQLite
 * file and on a shared PostgreSQL server.
 */

export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface Migration {
  /** Unique (`<scope>/<NNN>-<what>`, numbered in the order they run) and stable, e.g. `iamport/001-certifications`. */
  id: string;
  /** Ids it was recorded under before a renumbering: a store that recorded one of them takes it as applied. */
  formerly?: readonly string[];
  sql: string;
  /** PostgreSQL's own SQL, for the rare migration whose SQL differs (e.g. UNLOGGED); otherwise `sql`, translated. */
  postgres?: string;
}

export interface SqlExecutor {
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
}

/** Called with a notification's payload, or `null` when notifications may have been missed (re-check). */
export type Listener = (payload: string | null) => void;

export interface TxExecutor extends SqlExecutor {
  /** Queues a store notification, delivered to every instance's listeners once (and only if) this transaction commits. */
  notify(channel: string, payload: string): void;
}

export interface Store extends SqlExecutor {
  /** Which engine, for reports (`GET /health`); features ask for the capabilities below instead. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Transaction-scoped advisory locks that the server frees when the holder's connection dies (PostgreSQL's
   * pg_try_advisory_xact_lock): leases hold one and wake waiters by notification instead of polling a row.
   */
  readonly advisoryLocks: boolean;
  /**
   * What a claim's subquery ends with so that concurrent claimers skip each other's rows (PostgreSQL's
   * `FOR UPDATE SKIP LOCKED`); empty where writers take turns anyway (SQLite).
   */
  readonly skipLocked: string;
  /**
   * Applies, in order, each migration not yet recorded, and returns their ids; one recorded under a former id is
   * recorded under its new one without running again. Safe to call from several instances.
   */
  migrate(migrations: readonly Migration[]): Promise<string[]>;
  /** Runs `fn` in one transaction; everything or nothing is written. */
  transaction<T>(fn: (tx: TxExecutor) => Promise<T>): Promise<T>;
  /**
   * One transaction whose statements `fn` issues all at once, awaiting none of them (and queueing its
   * notifications before it returns): PostgreSQL sends BEGIN, the statements, the notifications and COMMIT
   * in one round trip. Resolves to the statements' answers in order; a failed statement fails it whole.
   */
  pipeline(fn: (tx: TxExecutor) => Promise<unknown>[]): Promise<unknown[]>;
  /**
   * An SQL expression for the next value of a named sequence that takes no lock and needs no transaction
   * (PostgreSQL's nextval), so it can be read before the work it numbers; undefined where the store has none
   * (SQLite: one writer at a time, a counter row inside the transaction costs nothing).
   */
  sequence?(name: string): string;
  /**
   * Store notifications, for wake-ups across adapter instances: `notify` reaches
   * the `listen`ers of every instance sharing this store (PostgreSQL: LISTEN/NOTIFY;
   * SQLite: in-process, plus one shared re-read per interval for other processes).
   * Payloads are short and never secret. `listen` returns its unsubscribe.
   */
  notify(channel: string, payload: string): Promise<void>;
  listen(channel: string, fn: Listener): () => void;
  /** Resolves once notifications sent from now on will reach this instance's listeners. */
  listening(): Promise<void>;
  /** Cheap round-trip used by `GET /health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** True when the store recorded the migration under one of its former ids (it ran then, under that name). */
export const ranFormerly = (m: Migration, recorded: (id: string) => boolean): boolean => (m.formerly ?? []).some(recorded);

export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/**
 * Migrations are written once, in the SQL both engines share; the few types
 * that differ are written the SQLite way and translated here.
 */
export function forDialect(sql: string, dialect: Store['kind']): string {
  if (dialect === 'sqlite') return sql;
  return sql.replace(/\bBLOB\b/g, 'BYTEA');
}

/** The shared cache (`StoreCache`): token and session caches. */
export const cacheMigrations: Migration[] = [
  {
    id: 'core/001-cache',
    // Token and session caches shared by every adapter instance.
    sql: `CREATE TABLE IF NOT EXISTS cache (
      cache_key TEXT PRIMARY KEY,
      cache_value TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    )`,
  },
];

/** Named counters (`nextCounter`). */
export const counterMigrations: Migration[] = [
  {
    id: 'core/003-counters',
    formerly: ['core/002-counters'],
    // Strictly increasing numbers shared by instances: `nextCounter` (a row lock on PostgreSQL, no retries).
    sql: `CREATE TABLE IF NOT EXISTS counters (
      name TEXT PRIMARY KEY,
      value BIGINT NOT NULL
    )`,
  },
];

/** The next value of a named counter, inside the caller's transaction (1 for a new counter). */
export async function nextCounter(tx: SqlExecutor, name: string): Promise<number> {
  const row = await tx.get<{ value: number | bigint }>(
    `INSERT INTO counters (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`,
    [name],
  );
  return Number(row!.value);
}
