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
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT_UNIQUE') || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
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

  // better-sqlite3 is synchronous, so an async transaction is serialised with
  // a promise chain: BEGIN IMMEDIATE … COMMIT never interleave on this connection.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    const result = queue.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(exec);
        db.exec('COMMIT');
        return value;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
    queue = result.catch(() => undefined);
    return result;
  };

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
          db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
        })();
        applied.push(m.id);
      }
      return applied;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await queue;
      db.close();
    },
  };
}
