import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Crypto } from '../../core/server/crypto.ts';
import { type Migration, nextCounter, type Store, type TxExecutor } from '../../core/server/store/store.ts';
import type { Events } from '../../core/server/webhooks/outbox.ts';
import { type CompanyCredentials, type CredentialInput, SmartbillCredentialStore } from './credential-store.ts';
import type { SignupStatus, SmartbillEnv } from '../shared/schema.ts';

/** Store notification channel: payload is the id of an attempt a callback completed. */
const ATTEMPT_CHANNEL = 'smartbill.attempt';

export const smartbillMigrations: Migration[] = [
  {
    id: 'smartbill/001-signups',
    sql: `CREATE TABLE IF NOT EXISTS smartbill_attempts (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL,
      env TEXT NOT NULL,
      com_regno TEXT NOT NULL,
      p_id TEXT NOT NULL,
      status TEXT NOT NULL,
      sbid TEXT,
      reg_yn TEXT,
      created_at BIGINT NOT NULL,
      completed_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS smartbill_attempts_match ON smartbill_attempts (com_regno, p_id, created_at);
    CREATE TABLE IF NOT EXISTS smartbill_callbacks (
      seq BIGINT PRIMARY KEY,
      digest TEXT NOT NULL UNIQUE,
      com_regno TEXT NOT NULL,
      p_id TEXT,
      sbid TEXT NOT NULL,
      email TEXT,
      reg_yn TEXT,
      shape TEXT NOT NULL,
      extra TEXT NOT NULL,
      attempt_id TEXT,
      received_at BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS smartbill_credentials (
      com_regno TEXT PRIMARY KEY,
      auth_code TEXT NOT NULL,
      auth_token TEXT NOT NULL,
      sbid TEXT NOT NULL,
      p_id TEXT,
      email TEXT,
      reg_yn TEXT,
      attempt_id TEXT,
      matched INTEGER NOT NULL,
      callback_seq BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'smartbill/002-callback-counter',
    // Callback numbers come from a counter row (see writeCallback), continuing after those already stored.
    // (`WHERE true`: SQLite needs a WHERE before an upsert's ON CONFLICT after a SELECT.)
    sql: `INSERT INTO counters (name, value) SELECT 'smartbill_callback_seq', COALESCE(MAX(seq), 0) FROM smartbill_callbacks WHERE true
      ON CONFLICT (name) DO NOTHING`,
  },
  // The ERP user (page token `sub`) who registered the attempt: only they read it.
  { id: 'smartbill/003-attempt-owner', sql: 'ALTER TABLE smartbill_attempts ADD COLUMN sub TEXT' },
  // Same-window flow: where the adapter's return link sends the person back (validated at registration).
  { id: 'smartbill/004-attempt-return-url', sql: 'ALTER TABLE smartbill_attempts ADD COLUMN return_url TEXT' },
];

/** A callback in either shape (current `regYn`/`regYN`, or the older `USER_*`), normalised. */
export interface SmartbillCallback {
  COM_REGNO: string;
  AUTH_TOKEN: string;
  AUTH_CODE: string;
  SBID: string;
  pID: string | null;
  Email: string | null;
  regYn: string | null;
  shape: 'current' | 'legacy';
  /** Other non-secret fields of the older shape (USER_NAME, …). */
  extra: Record<string, string>;
}

/**
 * A business number's credentials (secrets decrypted; server-side only): the
 * AUTH_CODE, the default user (SBID) with their AUTH_TOKEN (null when only the
 * AUTH_CODE is known), and every user's token in `users`.
 */
export interface SmartbillCredentials extends CompanyCredentials {
  authToken: string | null;
  /** Always true: a callback that matched no signup attempt is kept apart (`SmartbillCredentialStore.unmatched`). */
  matched: true;
}

export type CallbackOutcome = { duplicate: true } | { duplicate: false; seq: number; attemptId: string | null };

const sha256 = (s: string) => createHash('sha256').update(s).digest();

type AttemptRow = {
  id: string;
  token_hash: string;
  status: string;
  com_regno: string;
  p_id: string;
  sbid: string | null;
  reg_yn: string | null;
  sub: string | null;
};

/**
 * Signup attempts, received callbacks and (through `credentials`) the
 * credentials per business number + SBID. AUTH_TOKEN/AUTH_CODE are only ever
 * written encrypted; the server API and the invoice client read them.
 */
export class SmartbillSignupStore {
  /** Long-polls waiting here, by attempt id; woken by store notifications from any instance. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private unlisten: (() => void) | undefined;
  /** Credentials per business number + SBID, and unmatched callbacks kept apart. */
  readonly credentials: SmartbillCredentialStore;

  /**
   * Starts watching an attempt: call before reading it, so a callback committed
   * between the read and the wait is not missed. `wait(ms)` resolves when a
   * callback for the attempt is committed on any instance sharing the store
   * (PostgreSQL LISTEN/NOTIFY; SQLite in-process, plus one shared re-read for
   * other processes), or after `ms`. Always `stop()` afterwards.
   */
  watch(attemptId: string): { wait(ms: number): Promise<void>; stop(): void } {
    let changed = false;
    let wake: (() => void) | undefined;
    const onChange = () => {
      changed = true;
      wake?.();
    };
    let set = this.waiters.get(attemptId);
    if (!set) this.waiters.set(attemptId, (set = new Set()));
    set.add(onChange);
    // One store listener for every waiter of this instance, only while someone waits.
    this.unlisten ??= this.store.listen(ATTEMPT_CHANNEL, (id) => {
      if (id === null) for (const fns of this.waiters.values()) for (const fn of fns) fn();
      else for (const fn of this.waiters.get(id) ?? []) fn();
    });
    return {
      wait: (ms) => {
        if (changed) {
          changed = false;
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          const timer = setTimeout(
            () => {
              wake = undefined;
              resolve();
            },
            Math.max(0, ms),
          );
          wake = () => {
            changed = false;
            wake = undefined;
            clearTimeout(timer);
            resolve();
          };
        });
      },
      stop: () => {
        set.delete(onChange);
        if (!set.size) this.waiters.delete(attemptId);
        if (!this.waiters.size) {
          this.unlisten?.();
          this.unlisten = undefined;
        }
      },
    };
  }

  /** Resolves once notifications sent from now on reach this instance (PostgreSQL: the LISTEN connection is up). */
  listening(): Promise<void> {
    return this.store.listening();
  }

  constructor(
    private readonly store: Store,
    private readonly box: Crypto,
    private readonly events?: Events,
  ) {
    this.credentials = new SmartbillCredentialStore(store, box);
  }

  /** Registers an attempt; the token is returned once and only its hash is kept. */
  async createAttempt(
    input: { env: SmartbillEnv; comRegNo: string; pID: string; sub?: string; returnUrl?: string },
    now: number,
  ): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = randomBytes(24).toString('base64url');
    await this.store.run(
      'INSERT INTO smartbill_attempts (id, token_hash, env, com_regno, p_id, status, created_at, sub, return_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, sha256(token).toString('hex'), input.env, input.comRegNo, input.pID, 'pending', now, input.sub ?? null, input.returnUrl ?? null],
    );
    return { id, token };
  }

  /** The ERP page an attempt registered for the same-window flow returns to. */
  async returnUrlOf(id: string): Promise<string | undefined> {
    const row = await this.store.get<{ return_url: string | null }>('SELECT return_url FROM smartbill_attempts WHERE id = ?', [id]);
    return row?.return_url ?? undefined;
  }

  /**
   * The attempt's status, or undefined when it does not exist, the token is wrong
   * or `owner` (the page token's sub and com) did not register it (indistinguishable).
   */
  async readAttempt(id: string, token: string, owner: { sub: string; com: string }): Promise<SignupStatus | undefined> {
    const row = await this.store.get<AttemptRow>(
      'SELECT id, token_hash, status, com_regno, p_id, sbid, reg_yn, sub FROM smartbill_attempts WHERE id = ?',
      [id],
    );
    const given = sha256(token);
    const expected = row ? Buffer.from(row.token_hash, 'hex') : given.map((b) => b ^ 0xff);
    if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if ((owner.com !== '*' && row.com_regno !== owner.com) || (owner.sub !== '*' && row.sub !== owner.sub)) return undefined;
    return {
      id: row.id,
      status: row.status === 'completed' ? 'completed' : 'pending',
      COM_REGNO: row.com_regno,
      pID: row.p_id,
      SBID: row.sbid,
      regYn: row.reg_yn,
    };
  }

  /**
   * Stores a callback once (the same callback again is a duplicate), matches it
   * to the newest attempt with its COM_REGNO + pID, and keeps its credentials:
   * the AUTH_CODE for the business number, the AUTH_TOKEN for its SBID (mapped
   * to the attempt's ERP user). Of several callbacks the one received last
   * (highest `seq`) wins, whatever order the writes finish in. Unmatched ones
   * are kept apart.
   */
  async recordCallback(cb: SmartbillCallback, now: number): Promise<CallbackOutcome> {
    const canonical = JSON.stringify([
      cb.COM_REGNO,
      cb.AUTH_TOKEN,
      cb.AUTH_CODE,
      cb.SBID,
      cb.pID,
      cb.Email,
      cb.regYn,
      cb.shape,
      Object.entries(cb.extra).sort(),
    ]);
    // Current key's digest is stored; every configured key's is checked, so a replay stays one across a key rotation.
    const digests = this.box.hmacCandidates(canonical, 'smartbill:callback');
    return this.store.transaction((tx) => this.writeCallback(tx, cb, digests, now));
  }

  private async writeCallback(tx: TxExecutor, cb: SmartbillCallback, digests: string[], now: number): Promise<CallbackOutcome> {
    const [digest, ...older] = digests as [string, ...string[]];
    if (older.length && (await tx.get(`SELECT seq FROM smartbill_callbacks WHERE digest IN (${older.map(() => '?').join(', ')})`, older))) {
      return { duplicate: true };
    }
    // The counter row orders callbacks across instances; the unique digest makes a replay a no-op,
    // even when two copies race (the second insert waits for the first and then does nothing).
    const seq = await nextCounter(tx, 'smartbill_callback_seq');
    const attempt = cb.pID
      ? await tx.get<{ id: string; sub: string | null }>(
          'SELECT id, sub FROM smartbill_attempts WHERE com_regno = ? AND p_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
          [cb.COM_REGNO, cb.pID],
        )
      : undefined;
    const attemptId = attempt?.id ?? null;
    const inserted = await tx.run(
      `INSERT INTO smartbill_callbacks (seq, digest, com_regno, p_id, sbid, email, reg_yn, shape, extra, attempt_id, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING`,
      [seq, digest, cb.COM_REGNO, cb.pID, cb.SBID, cb.Email, cb.regYn, cb.shape, JSON.stringify(cb.extra), attemptId, now],
    );
    if (inserted.changes === 0) return { duplicate: true };
    if (attemptId) {
      // No AUTH_TOKEN/AUTH_CODE: the ERP reads them with GET /server/smartbill/credentials/:com_regno.
      await this.events?.enqueue(tx, 'smartbill.signup.completed', {
        COM_REGNO: cb.COM_REGNO,
        SBID: cb.SBID,
        pID: cb.pID,
        regYn: cb.regYn,
        attemptId,
      });
    }
    const input = {
      comRegNo: cb.COM_REGNO,
      authCode: cb.AUTH_CODE,
      authToken: cb.AUTH_TOKEN,
      sbid: cb.SBID,
      pID: cb.pID,
      email: cb.Email,
      regYn: cb.regYn,
    };
    // An unmatched callback (another pID, or the older shape without one) never touches what the ERP uses.
    if (attempt) await this.credentials.storeMatched(tx, { ...input, attemptId: attempt.id, sub: attempt.sub }, seq, now);
    else await this.credentials.storeUnmatched(tx, { ...input, shape: cb.shape }, seq, now);
    if (attemptId) {
      // Wakes the attempt's long-polls on every instance once this commits.
      tx.notify(ATTEMPT_CHANNEL, attemptId);
      await tx.run("UPDATE smartbill_attempts SET status = 'completed', sbid = ?, reg_yn = ?, completed_at = ? WHERE id = ?", [
        cb.SBID,
        cb.regYn,
        now,
        attemptId,
      ]);
    }
    return { duplicate: false, seq, attemptId };
  }

  /** Credentials entered by hand (seed 000's non-sync path ends without a callback); see `SmartbillCredentialStore.put`. */
  putCredentials(input: CredentialInput, now: number): Promise<void> {
    return this.credentials.put(input, now);
  }

  /** The decrypted credentials of a business number (digits only). For server-side use: the server API only. */
  async getCredentials(comRegNo: string): Promise<SmartbillCredentials | undefined> {
    const company = await this.credentials.company(comRegNo);
    if (!company) return undefined;
    const own = company.users.find((u) => u.sbid === company.sbid);
    return { ...company, authToken: own?.authToken ?? null, matched: true };
  }
}
