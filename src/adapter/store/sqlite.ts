import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration, Row, SqlExecutor, SqlValue, Store } from './store.ts';
import { UniqueViolation } from './store.ts';

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so
 * a write acknowledged to a caller survives a crash or `kill -9`.
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  // Transaction control runs on every write: prepared once too (savepoints per batch position).
  const control = (sql: string) => void prepare(sql).run();
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (
        (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT_UNIQUE') ||
        (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
      ) {
        throw new UniqueViolation(err);
      }
      throw err;
    }
  };
  const exec: SqlExecutor = {
    async run(sql, params = []) {
      return wrap(() => ({ changes: prepare(sql).run(...params).changes }));
    },
    async get<T extends Row>(sql: string, params: SqlValue[] = []) {
      return wrap(() => prepare(sql).get(...params) as T | undefined);
    },
    async all<T extends Row>(sql: string, params: SqlValue[] = []) {
      return wrap(() => prepare(sql).all(...params) as T[]);
    },
  };

  // Group commit. better-sqlite3 is synchronous and one connection runs one
  // transaction at a time, so transactions queue; whatever queued while a
  // COMMIT was being synced runs next in ONE transaction, each in its own
  // SAVEPOINT (a failure rolls back only its own work). One fsync then covers
  // the whole batch, and every caller still hears back only after its data is
  // durable. (Provider code must keep transactions to store calls only.)
  type Job = { fn: (tx: SqlExecutor) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let waiting: Job[] = [];
  let running: Promise<void> | undefined;
  const runBatch = async (batch: Job[]) => {
    const results: { job: Job; ok: boolean; value: unknown }[] = [];
    try {
      control('BEGIN IMMEDIATE');
      for (const [i, job] of batch.entries()) {
        control(`SAVEPOINT job${i}`);
        try {
          const value = await job.fn(exec);
          control(`RELEASE job${i}`);
          results.push({ job, ok: true, value });
        } catch (err) {
          control(`ROLLBACK TO job${i}`);
          control(`RELEASE job${i}`);
          results.push({ job, ok: false, value: err });
        }
      }
      control('COMMIT');
    } catch (err) {
      if (db.inTransaction) control('ROLLBACK');
      for (const job of batch) job.reject(err);
      return;
    }
    for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
  };
  const drain = async () => {
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      await runBatch(batch);
    }
    running = undefined;
  };
  const transaction = <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      // Start on the next macrotask so transactions arriving together share a batch.
      running ??= new Promise<void>((r) => setImmediate(r)).then(drain);
    });

  return {
    kind: 'sqlite',
    ...exec,
    transaction,
    async migrate(migrations: readonly Migration[]) {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
      const applied: string[] = [];
      const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        db.transaction(() => {
          db.exec(m.sql);
          prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
        })();
        applied.push(m.id);
      }
      return applied;
    },
    async ping() {
      prepare('SELECT 1').get();
    },
    async close() {
      await running;
      db.close();
    },
  };
}
