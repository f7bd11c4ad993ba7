import type { Migration, SqlExecutor, Store } from '../../core/server/store/store.ts';
import type { Crypto } from '../../core/server/crypto.ts';

export const ecountMigrations: Migration[] = [
  {
    id: 'ecount/001-state',
    // One row per company (environment + COM_CODE). The session, zone and domain are sealed together
    // (`secret`); `session_ref` is a random id per login so a caller can say which session Ecount refused.
    sql: `CREATE TABLE IF NOT EXISTS ecount_state (
      company_key TEXT PRIMARY KEY,
      secret TEXT,
      session_ref TEXT,
      expire_date TEXT,
      notice TEXT,
      logged_in_at BIGINT,
      failures INTEGER NOT NULL DEFAULT 0,
      blocked_at BIGINT,
      last_error TEXT,
      backoff_until BIGINT,
      updated_at BIGINT NOT NULL
    )`,
  },
];

export interface Sealed {
  sessionId?: string;
  zone: string;
  domain: string;
}

export interface LastError {
  code: string;
  /** Ecount's Error.Code, when Ecount answered one. */
  ecountCode?: number;
  at: number;
}

export interface EcountState {
  secret?: Sealed;
  sessionRef?: string;
  expireDate: string;
  notice: string;
  loggedInAt?: number;
  failures: number;
  blockedAt?: number;
  lastError?: LastError;
  backoffUntil?: number;
}

type Row = {
  secret: string | null;
  session_ref: string | null;
  expire_date: string | null;
  notice: string | null;
  logged_in_at: number | bigint | string | null;
  failures: number | bigint | string;
  blocked_at: number | bigint | string | null;
  last_error: string | null;
  backoff_until: number | bigint | string | null;
};

const num = (v: number | bigint | string | null) => (v === null ? undefined : Number(v));

/** The Ecount connection state of each company, shared by every instance; the session is encrypted. */
export class EcountStateStore {
  constructor(
    private readonly store: Store,
    private readonly crypto: Pick<Crypto, 'encrypt' | 'decrypt'>,
  ) {}

  private context = (key: string) => `ecount_state:${key}:secret`;

  async read(key: string, db: SqlExecutor = this.store): Promise<EcountState> {
    const r = await db.get<Row>(
      `SELECT secret, session_ref, expire_date, notice, logged_in_at, failures, blocked_at, last_error, backoff_until
       FROM ecount_state WHERE company_key = ?`,
      [key],
    );
    if (!r) return { expireDate: '', notice: '', failures: 0 };
    return {
      secret: r.secret ? (JSON.parse(this.crypto.decrypt(r.secret, this.context(key))) as Sealed) : undefined,
      sessionRef: r.session_ref ?? undefined,
      expireDate: r.expire_date ?? '',
      notice: r.notice ?? '',
      loggedInAt: num(r.logged_in_at),
      failures: Number(r.failures),
      blockedAt: num(r.blocked_at),
      lastError: r.last_error ? (JSON.parse(r.last_error) as LastError) : undefined,
      backoffUntil: num(r.backoff_until),
    };
  }

  /** Creates the row if missing, so later updates always find it. */
  private async ensure(db: SqlExecutor, key: string, now: number) {
    await db.run(`INSERT INTO ecount_state (company_key, failures, updated_at) VALUES (?, 0, ?) ON CONFLICT (company_key) DO NOTHING`, [
      key,
      now,
    ]);
  }

  async saveSession(key: string, sealed: Required<Sealed>, ref: string, info: { expireDate: string; notice: string }, now: number) {
    await this.store.transaction(async (tx) => {
      await this.ensure(tx, key, now);
      await tx.run(
        `UPDATE ecount_state SET secret = ?, session_ref = ?, expire_date = ?, notice = ?, logged_in_at = ?, failures = 0,
         blocked_at = NULL, last_error = NULL, updated_at = ? WHERE company_key = ?`,
        [this.crypto.encrypt(JSON.stringify(sealed), this.context(key)), ref, info.expireDate, info.notice, now, now, key],
      );
    });
  }

  /** Keeps the zone (found once, reused for re-logins) without a session. */
  async saveZone(key: string, zone: string, domain: string, expireDate: string, now: number) {
    await this.store.transaction(async (tx) => {
      await this.ensure(tx, key, now);
      await tx.run(`UPDATE ecount_state SET secret = ?, session_ref = NULL, expire_date = ?, updated_at = ? WHERE company_key = ?`, [
        this.crypto.encrypt(JSON.stringify({ zone, domain }), this.context(key)),
        expireDate,
        now,
        key,
      ]);
    });
  }

  /** Forgets the session Ecount refused, unless a newer one already replaced it. True when it was the current one. */
  async dropSession(key: string, ref: string, zone: string, domain: string, now: number): Promise<boolean> {
    const r = await this.store.run(
      `UPDATE ecount_state SET secret = ?, session_ref = NULL, updated_at = ? WHERE company_key = ? AND session_ref = ?`,
      [this.crypto.encrypt(JSON.stringify({ zone, domain }), this.context(key)), now, key, ref],
    );
    return r.changes === 1;
  }

  /**
   * Records a failed zone/login call; `block` stops further logins. `onCommit`
   * runs inside the same transaction (webhook outbox rows). Returns the new count.
   */
  async recordFailure(
    key: string,
    error: LastError,
    blockIf: (failures: number) => boolean,
    now: number,
    inTx?: (tx: SqlExecutor, failures: number, blocked: boolean) => Promise<void>,
  ): Promise<{ failures: number; blocked: boolean }> {
    return this.store.transaction(async (tx) => {
      await this.ensure(tx, key, now);
      await tx.run(`UPDATE ecount_state SET failures = failures + 1, last_error = ?, updated_at = ? WHERE company_key = ?`, [
        JSON.stringify(error),
        now,
        key,
      ]);
      const row = await tx.get<{ failures: number; blocked_at: number | null }>(
        `SELECT failures, blocked_at FROM ecount_state WHERE company_key = ?`,
        [key],
      );
      const failures = Number(row?.failures ?? 1);
      const newlyBlocked = row?.blocked_at == null && blockIf(failures);
      if (newlyBlocked) await tx.run(`UPDATE ecount_state SET blocked_at = ? WHERE company_key = ?`, [now, key]);
      await inTx?.(tx, failures, newlyBlocked);
      return { failures, blocked: newlyBlocked || row?.blocked_at != null };
    });
  }

  /** Notes an error that is not a login failure (rate limit, outage) for the status card. */
  async noteError(key: string, error: LastError, backoffUntil: number | undefined, now: number) {
    await this.store.transaction(async (tx) => {
      await this.ensure(tx, key, now);
      await tx.run(`UPDATE ecount_state SET last_error = ?, updated_at = ? WHERE company_key = ?`, [JSON.stringify(error), now, key]);
      if (backoffUntil !== undefined) await tx.run(`UPDATE ecount_state SET backoff_until = ? WHERE company_key = ?`, [backoffUntil, key]);
    });
  }

  /** The operator's reset (see `resetEcountState`). */
  reset(key: string | undefined, now: number): Promise<number> {
    return resetEcountState(this.store, key, now);
  }
}

/**
 * The operator's reset: failures, block, back-off and last error cleared for
 * one company key (`<environment>:<COM_CODE>`) or all; a live session is kept.
 * Used by `POST /server/ecount/reset` and `erp-widgets-adapter ecount-reset`.
 */
export async function resetEcountState(store: SqlExecutor, key: string | undefined, now: number): Promise<number> {
  const sql = `UPDATE ecount_state SET failures = 0, blocked_at = NULL, backoff_until = NULL, last_error = NULL, updated_at = ?`;
  const r = key ? await store.run(`${sql} WHERE company_key = ?`, [now, key]) : await store.run(sql, [now]);
  return r.changes;
}
