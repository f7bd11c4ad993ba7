import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Listener, Migration, Row, SqlExecutor, SqlValue, Store, TxExecutor } from './store.ts';
import { ranFormerly, UniqueViolation } from './store.ts';

/**
 * The embedded store: one SQLite file in WAL mode. A write is acknowledged to
 * its caller only once the WAL holding it is fsynced, so it survives a crash,
 * a power cut or `kill -9`. The fsync runs off the event loop (see `durable`).
 */
export interface SqliteStoreOptions {
  /** How often one shared re-read looks for notifications written by other processes sharing the file. */
  notifyPollMs?: number;
}

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL: COMMIT writes the WAL without syncing it, and `durable()` syncs it on
  // libuv's thread pool instead: with FULL every commit blocked the event loop for
  // a whole fsync (4–9 ms on this kind of disk), during which no request moved.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Store notifications for other processes sharing this file (this process hears its own at commit).
  db.exec(`CREATE TABLE IF NOT EXISTS store_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, payload TEXT NOT NULL, origin TEXT NOT NULL, created_at INTEGER NOT NULL
  )`);
  const origin = randomUUID();

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
  // Durability. Data committed before a call to `durable()` is on disk when it
  // resolves. One fdatasync of the WAL at a time; calls arriving while one runs
  // share the next one (a sync started before a write does not cover it).
  let walFd: number | undefined;
  const syncWal = () =>
    new Promise<void>((resolve, reject) => {
      if (path === ':memory:') return resolve();
      try {
        walFd ??= openSync(`${path}-wal`, 'r'); // exists from the first commit on; Linux fsyncs read-only fds
      } catch (err) {
        return reject(err as Error);
      }
      fdatasync(walFd, (err) => (err ? reject(err) : resolve()));
    });
  let syncing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const durable = (): Promise<void> => {
    if (!syncing) {
      syncing = syncWal().finally(() => {
        syncing = undefined;
      });
      return syncing;
    }
    queued ??= syncing
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return durable();
      });
    return queued;
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
  // transaction at a time, so transactions queue; whatever queued meanwhile runs
  // next in ONE transaction, each in its own SAVEPOINT (a failure rolls back only
  // its own work). Its callers hear back once `durable()` has synced the WAL, and
  // syncs in flight are shared, so one fsync covers many transactions.
  // (Provider code must keep transactions to store calls only.)
  type Job = { fn: (tx: TxExecutor) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let lastPrune = 0;
  let waiting: Job[] = [];
  let running: Promise<void> | undefined;
  /** Settles when the batch now open is committed and durable (see `run` below). */
  let openBatch: Promise<void> | undefined;
  const runBatch = async (batch: Job[]) => {
    const results: { job: Job; ok: boolean; value: unknown }[] = [];
    const delivered: [string, string][] = [];
    let settle!: (err?: Error) => void;
    openBatch = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    openBatch.catch(() => undefined);
    try {
      control('BEGIN IMMEDIATE');
      for (const [i, job] of batch.entries()) {
        control(`SAVEPOINT job${i}`);
        try {
          const notes: [string, string][] = [];
          const value = await job.fn({ ...exec, notify: (channel, payload) => void notes.push([channel, payload]) });
          const at = Date.now();
          for (const [channel, payload] of notes) {
            prepare('INSERT INTO store_notifications (channel, payload, origin, created_at) VALUES (?, ?, ?, ?)').run(
              channel,
              payload,
              origin,
              at,
            );
          }
          control(`RELEASE job${i}`);
          delivered.push(...notes);
          results.push({ job, ok: true, value });
        } catch (err) {
          control(`ROLLBACK TO job${i}`);
          control(`RELEASE job${i}`);
          results.push({ job, ok: false, value: err });
        }
      }
      if (delivered.length && Date.now() - lastPrune > 10_000) {
        lastPrune = Date.now();
        prepare('DELETE FROM store_notifications WHERE created_at < ?').run(lastPrune - 60_000);
      }
      control('COMMIT');
    } catch (err) {
      if (db.inTransaction) control('ROLLBACK');
      for (const job of batch) job.reject(err);
      openBatch = undefined;
      settle(err as Error);
      return;
    }
    openBatch = undefined;
    // The next batch runs while this one's WAL is being synced; its callers hear back after.
    const synced = durable().then(
      () => {
        settle();
        for (const [channel, payload] of delivered) dispatch(channel, payload);
        for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
      },
      (err: unknown) => {
        settle(err as Error);
        for (const r of results) r.job.reject(err);
      },
    );
    pending.add(synced);
    void synced.finally(() => pending.delete(synced));
  };
  const pending = new Set<Promise<void>>();
  const drain = async () => {
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      await runBatch(batch);
    }
    running = undefined;
  };
  const transaction = <T>(fn: (tx: TxExecutor) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      // Start on the next macrotask so transactions arriving together share a batch.
      running ??= new Promise<void>((r) => setImmediate(r)).then(drain);
    });

  // ---- notifications ----------------------------------------------------------
  // In-process listeners hear a notification as its transaction commits. For other
  // processes on the same file, ONE timer re-reads for all listeners, and only when
  // `data_version` says another connection committed something.
  const listeners = new Map<string, Set<Listener>>();
  const dispatch = (channel: string, payload: string | null) => {
    for (const fn of listeners.get(channel) ?? []) {
      try {
        fn(payload);
      } catch {
        // a listener's failure is its own
      }
    }
  };
  const pollMs = options.notifyPollMs ?? 1000;
  let poller: NodeJS.Timeout | undefined;
  let lastId = 0;
  let dataVersion = 0;
  const poll = () => {
    try {
      const version = Number(db.pragma('data_version', { simple: true }));
      if (version === dataVersion) return;
      dataVersion = version;
      const rows = prepare('SELECT id, channel, payload, origin FROM store_notifications WHERE id > ? ORDER BY id').all(lastId) as {
        id: number;
        channel: string;
        payload: string;
        origin: string;
      }[];
      for (const r of rows) {
        lastId = r.id;
        if (r.origin !== origin) dispatch(r.channel, r.payload);
      }
    } catch {
      // busy or closing: the next tick tries again
    }
  };
  const startPolling = () => {
    if (poller) return;
    dataVersion = Number(db.pragma('data_version', { simple: true }));
    lastId = Number((prepare('SELECT MAX(id) AS m FROM store_notifications').get() as { m: number | null }).m ?? 0);
    poller = setInterval(poll, pollMs).unref();
  };

  return {
    kind: 'sqlite',
    advisoryLocks: false,
    skipLocked: '',
    ...exec,
    /**
     * A write outside `transaction`: runs at once (autocommit, or inside the batch
     * open at that moment) and resolves once it is committed and durable.
     */
    async run(sql, params = []) {
      const inBatch = openBatch;
      const result = await exec.run(sql, params);
      await (inBatch ?? durable());
      return result;
    },
    transaction,
    pipeline: (fn) => transaction((tx) => Promise.all(fn(tx))),
    async notify(channel, payload) {
      await transaction(async (tx) => tx.notify(channel, payload));
    },
    listen(channel, fn) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(fn);
      startPolling();
      return () => {
        set.delete(fn);
        if (!set.size) listeners.delete(channel);
        if (!listeners.size && poller) {
          clearInterval(poller);
          poller = undefined;
        }
      };
    },
    async listening() {},
    async migrate(migrations: readonly Migration[]) {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
      const applied: string[] = [];
      const isDone = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?');
      const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
      // Each migration under the write lock, checked again inside it: processes sharing the file migrate once.
      let recorded = false;
      const apply = db.transaction((m: Migration) => {
        if (isDone.get(m.id)) return false;
        const run = !ranFormerly(m, (id) => !!isDone.get(id));
        if (run) db.exec(m.sql);
        record.run(m.id, new Date().toISOString());
        recorded = true;
        return run;
      });
      for (const m of migrations) {
        if (!isDone.get(m.id) && apply.immediate(m)) applied.push(m.id);
      }
      if (recorded) await durable();
      return applied;
    },
    async ping() {
      prepare('SELECT 1').get();
    },
    async close() {
      await running;
      clearInterval(poller);
      poller = undefined;
      listeners.clear();
      await Promise.allSettled(pending);
      await syncing?.catch(() => undefined);
      if (walFd !== undefined) closeSync(walFd);
      db.close();
    },
  };
}
