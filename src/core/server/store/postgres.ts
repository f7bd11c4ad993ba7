import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Listener, Migration, Row, SqlExecutor, SqlValue, Store, TxExecutor } from './store.ts';
import { forDialect, ranFormerly, UniqueViolation } from './store.ts';

/** The one PostgreSQL channel every store notification travels on (payload: JSON `[channel, payload]`). */
const PG_CHANNEL = 'erp_widgets';
/** `pg_advisory_lock` key serialising migrations across instances ("erpw" + 1). */
export const MIGRATION_LOCK = 0x65727077_01n;

/** `?` → `$1, $2, …`, leaving quoted strings and identifiers alone; named so each connection prepares it once. */
const translated = new Map<string, { name: string; text: string }>();
export function toPositional(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}
function statement(sql: string) {
  let st = translated.get(sql);
  if (!st) {
    st = { name: `erpw_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`, text: toPositional(sql) };
    translated.set(sql, st);
  }
  return st;
}

/**
 * Result types as the SQLite store gives them: BIGINT/COUNT (int8) and NUMERIC
 * (SUM) as numbers (a bigint past 2^53), BYTEA as a Buffer, everything else as pg does.
 */
const int8 = (s: string): number | bigint => {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
};
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === 20) return int8;
    if (oid === 1700) return (s: string) => (/^-?\d+$/.test(s) ? int8(s) : Number(s));
    return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  },
} as unknown as pg.CustomTypesConfig;

const mapError = (err: unknown) => ((err as { code?: string }).code === '23505' ? new UniqueViolation(err) : err);

function executor(q: { query: pg.Pool['query'] } | pg.PoolClient): SqlExecutor {
  const query = async (sql: string, params: SqlValue[]) => {
    const st = statement(sql);
    try {
      return await (q as pg.PoolClient).query<Row>({ name: st.name, text: st.text, values: params });
    } catch (err) {
      throw mapError(err);
    }
  };
  return {
    async run(sql, params = []) {
      return { changes: (await query(sql, params)).rowCount ?? 0 };
    },
    async get<T extends Row>(sql: string, params: SqlValue[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async all<T extends Row>(sql: string, params: SqlValue[] = []) {
      return (await query(sql, params)).rows as T[];
    },
  };
}

export interface PostgresStoreOptions {
  url: string;
  /** Pooled connections of this instance. */
  poolSize?: number;
}

/**
 * The shared store for several adapter instances: a `pg` Pool behind the same
 * async interface as SQLite. Transactions run on one pooled client; store
 * notifications are LISTEN/NOTIFY on one dedicated client.
 */
export function openPostgresStore(options: PostgresStoreOptions): Store {
  // Pipelined clients: they send without waiting for earlier answers (see inTransaction).
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types, pipeline: true });
  // An idle client losing its server is reported here; the pool replaces it on the next checkout.
  pool.on('error', () => undefined);
  const exec = executor(pool);

  // ---- notifications --------------------------------------------------------
  const listeners = new Map<string, Set<Listener>>();
  let listenClient: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const dispatch = (channel: string, payload: string | null) => {
    for (const fn of listeners.get(channel) ?? []) fn(payload);
  };
  /** A (re)connected LISTEN may have missed notifications: every listener re-checks. */
  const wakeAll = () => {
    for (const [channel] of listeners) dispatch(channel, null);
  };
  const connectListener = (): Promise<void> => {
    if (closed || listenClient) return Promise.resolve();
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: options.url, types });
      client.on('notification', (msg) => {
        if (msg.channel !== PG_CHANNEL || !msg.payload) return;
        try {
          const [channel, payload] = JSON.parse(msg.payload) as [string, string];
          dispatch(channel, payload);
        } catch {
          // not ours
        }
      });
      const lost = () => {
        if (listenClient !== client) return;
        listenClient = undefined;
        client.end().catch(() => undefined);
        if (!closed) retry = setTimeout(() => void connectListener().then(wakeAll, () => undefined), 500);
      };
      client.on('error', lost);
      client.on('end', lost);
      try {
        await client.connect();
        await client.query(`LISTEN ${PG_CHANNEL}`);
        listenClient = client;
      } catch (err) {
        client.end().catch(() => undefined);
        if (!closed) retry = setTimeout(() => void connectListener().then(wakeAll, () => undefined), 500);
        throw err;
      }
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const sendNotify = (q: SqlExecutor, channel: string, payload: string) =>
    q.get('SELECT pg_notify(?, ?) AS sent', [PG_CHANNEL, JSON.stringify([channel, payload])]);

  /**
   * A transaction on one pooled client. The pool's clients pipeline (they send without waiting for earlier
   * answers): BEGIN goes out with the first statement, and `commit()` sends the queued notifications with COMMIT.
   * A statement that fails fails the ones after it, and COMMIT then answers ROLLBACK: that is an error too.
   */
  async function inTransaction<T>(work: (tx: TxExecutor, commit: () => Promise<void>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection lost while the transaction waits on the caller (server restart, idle_in_transaction_session_timeout
    // ending a lease holder) arrives as an 'error' event: keep it (the next query fails) instead of crashing the process.
    const lost = (err: Error) => void (broken = err);
    client.on('error', lost);
    const begun = client.query('BEGIN');
    begun.catch(() => undefined); // awaited at commit; a failure also fails every statement after it
    let ended = false;
    try {
      const notes: [string, string][] = [];
      const txExec = executor(client);
      const commit = async () => {
        // NOTIFY inside the transaction is delivered when (and only if) it commits.
        const sent = notes.map(([channel, payload]) => sendNotify(txExec, channel, payload));
        const committed = client.query('COMMIT');
        ended = true;
        const settled = await Promise.allSettled([begun, committed, ...sent]);
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        if ((await committed).command !== 'COMMIT') throw new Error('the transaction was rolled back: one of its statements failed');
      };
      return await work({ ...txExec, notify: (channel, payload) => void notes.push([channel, payload]) }, commit);
    } catch (err) {
      if (!ended) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
      }
      throw mapError(err);
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  return {
    kind: 'postgres',
    advisoryLocks: true,
    skipLocked: 'FOR UPDATE SKIP LOCKED',
    ...exec,
    sequence: (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a sequence name: ${name}`);
      return `nextval('${name}')`;
    },

    async transaction<T>(fn: (tx: TxExecutor) => Promise<T>): Promise<T> {
      return inTransaction(async (tx, commit) => {
        const value = await fn(tx);
        await commit();
        return value;
      });
    },

    pipeline(fn) {
      return inTransaction(async (tx, commit) => {
        const answers = fn(tx);
        const committed = commit(); // sent before any answer is read: one round trip
        committed.catch(() => undefined);
        const values = await Promise.all(answers);
        await committed;
        return values;
      });
    },

    async notify(channel, payload) {
      await sendNotify(exec, channel, payload);
    },

    listen(channel, fn) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(fn);
      connectListener().catch(() => undefined);
      return () => {
        set.delete(fn);
        if (!set.size) listeners.delete(channel);
      };
    },

    async listening() {
      await connectListener();
    },

    async migrate(migrations: readonly Migration[]) {
      // One dedicated client holds the advisory lock: instances starting together migrate once, in turn.
      const client = await pool.connect();
      const applied: string[] = [];
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
        const done = new Set((await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
        for (const m of migrations) {
          if (done.has(m.id)) continue;
          const run = !ranFormerly(m, (id) => done.has(id));
          await client.query('BEGIN');
          try {
            if (run) await client.query(m.postgres ?? forDialect(m.sql, 'postgres'));
            await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [m.id, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw new Error(`migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
          }
          if (run) applied.push(m.id);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
        client.release();
      }
      return applied;
    },

    async ping() {
      await exec.get('SELECT 1 AS ok');
    },

    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      await connecting?.catch(() => undefined);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
