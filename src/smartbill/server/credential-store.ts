import type { Crypto } from '../../core/server/crypto.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { SqlExecutor, Store } from '../../core/server/store/store.ts';
import { sealContext } from './credential-migrations.ts';
import { tokenExpiry } from './scrape-api-config.ts';

/** Where a user's AUTH_TOKEN came from. */
export type TokenSource = 'callback' | 'manual' | 'get_token';

/** One SmartBill user's AUTH_TOKEN (decrypted). Server-side only. */
export interface UserToken {
  sbid: string;
  authToken: string;
  /** ExpirationDateCode it was issued with (D/W/H/M/Q/R/Y/Z/C); null when unknown (a signup callback says nothing). */
  expirationCode: string | null;
  /** Expiry (ms); null when permanent (Z) or unknown. */
  expiresAt: number | null;
  source: TokenSource;
  /** The ERP user (page token `sub`) whose invoice calls use this token. */
  sub: string | null;
  pID: string | null;
  email: string | null;
  regYn: string | null;
  attemptId: string | null;
  updatedAt: number;
}

/** A business number's AUTH_CODE and its default user (the one who brought the AUTH_CODE last). */
export interface CompanyCredentials {
  comRegNo: string;
  authCode: string;
  sbid: string;
  pID: string | null;
  email: string | null;
  regYn: string | null;
  attemptId: string | null;
  updatedAt: number;
  users: UserToken[];
}

/** A callback that matched no signup attempt: kept apart, listed without its secrets. */
export interface UnmatchedEntry {
  seq: number;
  comRegNo: string;
  sbid: string;
  pID: string | null;
  email: string | null;
  regYn: string | null;
  shape: string;
  receivedAt: number;
}

/** What a callback, an adoption or a hand entry stores. */
export interface CredentialInput {
  comRegNo: string;
  authCode?: string;
  authToken?: string;
  sbid?: string;
  sub?: string | null;
  pID?: string | null;
  email?: string | null;
  regYn?: string | null;
  expirationCode?: string | null;
  expiresAt?: number | null;
  /** The signup attempt a matched callback completed. */
  attemptId?: string | null;
}

type UnmatchedInput = CredentialInput & { authCode: string; authToken: string; sbid: string; shape: string };

type CompanyRow = {
  com_regno: string;
  auth_code: string;
  sbid: string;
  p_id: string | null;
  email: string | null;
  reg_yn: string | null;
  attempt_id: string | null;
  updated_at: number | bigint;
};
type TokenRow = {
  com_regno: string;
  sbid: string;
  auth_token: string;
  seal: string;
  expiration_code: string | null;
  expires_at: number | bigint | string | null;
  source: string;
  sub: string | null;
  p_id: string | null;
  email: string | null;
  reg_yn: string | null;
  attempt_id: string | null;
  issued_at: number | bigint;
};
type UnmatchedRow = {
  seq: number | bigint | string;
  com_regno: string;
  sbid: string;
  p_id: string | null;
  email: string | null;
  reg_yn: string | null;
  shape: string;
  auth_code: string;
  auth_token: string;
  seal: string;
  received_at: number | bigint;
};

const TOKEN_COLUMNS =
  'com_regno, sbid, auth_token, seal, expiration_code, expires_at, source, sub, p_id, email, reg_yn, attempt_id, callback_seq, issued_at';

/**
 * SmartBill credentials keyed by business number + SBID: the AUTH_CODE per
 * business number (`smartbill_credentials`), the AUTH_TOKEN per user
 * (`smartbill_api_tokens`), and callbacks that matched no attempt
 * (`smartbill_unmatched_credentials`), which never touch the other two until
 * the operator adopts them. Secrets are only ever written sealed.
 */
export class SmartbillCredentialStore {
  constructor(
    private readonly store: Store,
    private readonly box: Crypto,
  ) {}

  /**
   * A matched callback (inside its transaction): the AUTH_CODE and the default
   * user, and this SBID's token, each unless a later callback (higher `seq`)
   * already wrote them.
   */
  async storeMatched(tx: SqlExecutor, input: CredentialInput & { attemptId: string }, seq: number, now: number): Promise<void> {
    await this.writeCompany(tx, input, seq, now, 'WHERE excluded.callback_seq > smartbill_credentials.callback_seq');
    await this.writeToken(tx, input, 'callback', seq, now, 'WHERE excluded.callback_seq > smartbill_api_tokens.callback_seq');
  }

  /** A callback that matched no attempt (another pID, or none): kept apart under its own number. */
  async storeUnmatched(tx: SqlExecutor, cb: UnmatchedInput, seq: number, now: number): Promise<void> {
    const com = cb.comRegNo;
    await tx.run(
      `INSERT INTO smartbill_unmatched_credentials (seq, com_regno, sbid, p_id, email, reg_yn, shape, auth_code, auth_token, seal, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unmatched', ?)`,
      [
        seq,
        com,
        cb.sbid,
        cb.pID ?? null,
        cb.email ?? null,
        cb.regYn ?? null,
        cb.shape,
        this.box.encrypt(cb.authCode, sealContext.unmatched(com, seq, 'unmatched', 'auth_code')),
        this.box.encrypt(cb.authToken, sealContext.unmatched(com, seq, 'unmatched', 'auth_token')),
        now,
      ],
    );
  }

  /**
   * Credentials entered by hand (seed 000's non-sync path) or adopted: written
   * as they are, ordered after every callback received so far (a later callback
   * still wins). Without AUTH_CODE the business number must already have one.
   */
  put(input: CredentialInput, now: number): Promise<void> {
    return this.store.transaction((tx) => this.putIn(tx, input, 'manual', now));
  }

  private async putIn(tx: SqlExecutor, input: CredentialInput, source: TokenSource, now: number): Promise<void> {
    const company = await tx.get<Pick<CompanyRow, 'sbid' | 'p_id' | 'email' | 'reg_yn'>>(
      'SELECT sbid, p_id, email, reg_yn FROM smartbill_credentials WHERE com_regno = ?',
      [input.comRegNo],
    );
    if (!input.authCode && !company) {
      throw new ApiError(400, 'smartbill_auth_code_required', 'AUTH_CODE: this business number has none yet, so it must be given');
    }
    const sbid = input.sbid ?? company?.sbid;
    if (!sbid) throw new ApiError(400, 'smartbill_sbid_required', 'SBID: give it in the body or as ?sbid=');
    // A new AUTH_CODE alone (same default user) keeps what is known about that user.
    const same = company && company.sbid === sbid;
    const entry: CredentialInput = {
      ...input,
      sbid,
      pID: input.pID ?? (same ? company.p_id : null),
      email: input.email ?? (same ? company.email : null),
      regYn: input.regYn ?? (same ? company.reg_yn : null),
    };
    const max = await tx.get<{ m: number | bigint | string | null }>('SELECT MAX(seq) AS m FROM smartbill_callbacks');
    const seq = Number(max?.m ?? 0);
    if (input.authCode) await this.writeCompany(tx, entry, seq, now, '');
    if (input.authToken) await this.writeToken(tx, entry, source, seq, now, '');
  }

  private async writeCompany(tx: SqlExecutor, input: CredentialInput, seq: number, now: number, guard: string) {
    const com = input.comRegNo;
    await tx.run(
      `INSERT INTO smartbill_credentials (com_regno, auth_code, sbid, p_id, email, reg_yn, attempt_id, callback_seq, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (com_regno) DO UPDATE SET auth_code = excluded.auth_code, sbid = excluded.sbid, p_id = excluded.p_id,
         email = excluded.email, reg_yn = excluded.reg_yn, attempt_id = excluded.attempt_id,
         callback_seq = excluded.callback_seq, updated_at = excluded.updated_at ${guard}`,
      [
        com,
        this.box.encrypt(input.authCode!, sealContext.authCode(com)),
        input.sbid!,
        input.pID ?? null,
        input.email ?? null,
        input.regYn ?? null,
        input.attemptId ?? null,
        seq,
        now,
      ],
    );
  }

  private async writeToken(tx: SqlExecutor, input: CredentialInput, source: TokenSource, seq: number, now: number, guard: string) {
    const com = input.comRegNo;
    const sbid = input.sbid!;
    // An entry without `sub` (or pID, …) keeps what is already known about this SBID.
    await tx.run(
      `INSERT INTO smartbill_api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, 'user', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (com_regno, sbid) DO UPDATE SET auth_token = excluded.auth_token, seal = excluded.seal,
         expiration_code = excluded.expiration_code, expires_at = excluded.expires_at, source = excluded.source,
         sub = COALESCE(excluded.sub, smartbill_api_tokens.sub), p_id = COALESCE(excluded.p_id, smartbill_api_tokens.p_id),
         email = COALESCE(excluded.email, smartbill_api_tokens.email), reg_yn = COALESCE(excluded.reg_yn, smartbill_api_tokens.reg_yn), attempt_id = excluded.attempt_id, callback_seq = excluded.callback_seq,
         issued_at = excluded.issued_at ${guard}`,
      [
        com,
        sbid,
        this.box.encrypt(input.authToken!, sealContext.userToken(com, sbid, 'user')),
        input.expirationCode ?? null,
        input.expiresAt ?? null,
        source,
        input.sub ?? null,
        input.pID ?? null,
        input.email ?? null,
        input.regYn ?? null,
        input.attemptId ?? null,
        seq,
        now,
      ],
    );
  }

  /** Keeps a token GET_TOKEN issued for this user, sealed, with its expiry from ExpirationDateCode. */
  async saveIssued(comRegNo: string, sbid: string, token: string, code: string, issuedAt: number): Promise<void> {
    await this.store.run(
      `INSERT INTO smartbill_api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, 'user', ?, ?, 'get_token', NULL, NULL, NULL, NULL, NULL, 0, ?)
       ON CONFLICT (com_regno, sbid) DO UPDATE SET auth_token = excluded.auth_token, seal = excluded.seal,
         expiration_code = excluded.expiration_code, expires_at = excluded.expires_at, source = excluded.source,
         issued_at = excluded.issued_at`,
      [comRegNo, sbid, this.box.encrypt(token, sealContext.userToken(comRegNo, sbid, 'user')), code, tokenExpiry(code, issuedAt), issuedAt],
    );
  }

  /** The business number's AUTH_CODE, default user and every user's token. */
  async company(comRegNo: string): Promise<CompanyCredentials | undefined> {
    const row = await this.store.get<CompanyRow>(
      'SELECT com_regno, auth_code, sbid, p_id, email, reg_yn, attempt_id, updated_at FROM smartbill_credentials WHERE com_regno = ?',
      [comRegNo],
    );
    if (!row) return undefined;
    const users = await this.store.all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM smartbill_api_tokens WHERE com_regno = ? ORDER BY sbid`, [
      comRegNo,
    ]);
    return {
      comRegNo: row.com_regno,
      authCode: this.box.decrypt(row.auth_code, sealContext.authCode(row.com_regno)),
      sbid: row.sbid,
      pID: row.p_id,
      email: row.email,
      regYn: row.reg_yn,
      attemptId: row.attempt_id,
      updatedAt: Number(row.updated_at),
      users: users.map((u) => this.userOf(u)),
    };
  }

  /** Only the AUTH_CODE and the default SBID (what every Open API call needs; no user token decrypted). */
  async authCode(comRegNo: string): Promise<{ authCode: string; sbid: string } | undefined> {
    const row = await this.store.get<{ auth_code: string; sbid: string }>(
      'SELECT auth_code, sbid FROM smartbill_credentials WHERE com_regno = ?',
      [comRegNo],
    );
    return row && { authCode: this.box.decrypt(row.auth_code, sealContext.authCode(comRegNo)), sbid: row.sbid };
  }

  /** One user's token. */
  async user(comRegNo: string, sbid: string): Promise<UserToken | undefined> {
    const row = await this.store.get<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM smartbill_api_tokens WHERE com_regno = ? AND sbid = ?`, [
      comRegNo,
      sbid,
    ]);
    return row && this.userOf(row);
  }

  /** The SBID an ERP user (page token `sub`) acts as: the newest token recorded for them. */
  async sbidOf(comRegNo: string, sub: string): Promise<string | undefined> {
    const row = await this.store.get<{ sbid: string }>(
      'SELECT sbid FROM smartbill_api_tokens WHERE com_regno = ? AND sub = ? ORDER BY issued_at DESC, sbid LIMIT 1',
      [comRegNo, sub],
    );
    return row?.sbid;
  }

  private userOf(u: TokenRow): UserToken {
    return {
      sbid: u.sbid,
      authToken: this.box.decrypt(u.auth_token, sealContext.userToken(u.com_regno, u.sbid, u.seal)),
      expirationCode: u.expiration_code,
      expiresAt: u.expires_at === null ? null : Number(u.expires_at),
      source: u.source as TokenSource,
      sub: u.sub,
      pID: u.p_id,
      email: u.email,
      regYn: u.reg_yn,
      attemptId: u.attempt_id,
      updatedAt: Number(u.issued_at),
    };
  }

  /** Unmatched callbacks, oldest first, without their secrets. */
  async unmatched(comRegNo?: string): Promise<UnmatchedEntry[]> {
    const rows = await this.store.all<UnmatchedRow>(
      `SELECT seq, com_regno, sbid, p_id, email, reg_yn, shape, received_at FROM smartbill_unmatched_credentials
       ${comRegNo ? 'WHERE com_regno = ?' : ''} ORDER BY seq LIMIT 500`,
      comRegNo ? [comRegNo] : [],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      comRegNo: r.com_regno,
      sbid: r.sbid,
      pID: r.p_id,
      email: r.email,
      regYn: r.reg_yn,
      shape: r.shape,
      receivedAt: Number(r.received_at),
    }));
  }

  /**
   * The operator trusts an unmatched callback: its AUTH_CODE and token become
   * the business number's (as if entered by hand, `sub` mapping the token to an
   * ERP user), and the entry is removed. Undefined when there is no such entry.
   */
  async adopt(seq: number, sub: string | null, now: number): Promise<UnmatchedEntry | undefined> {
    return this.store.transaction(async (tx) => {
      const r = await tx.get<UnmatchedRow>('SELECT * FROM smartbill_unmatched_credentials WHERE seq = ?', [seq]);
      if (!r) return undefined;
      const com = r.com_regno;
      await this.putIn(
        tx,
        {
          comRegNo: com,
          authCode: this.box.decrypt(r.auth_code, sealContext.unmatched(com, r.seq, r.seal, 'auth_code')),
          authToken: this.box.decrypt(r.auth_token, sealContext.unmatched(com, r.seq, r.seal, 'auth_token')),
          sbid: r.sbid,
          sub,
          pID: r.p_id,
          email: r.email,
          regYn: r.reg_yn,
        },
        'callback',
        now,
      );
      await tx.run('DELETE FROM smartbill_unmatched_credentials WHERE seq = ?', [seq]);
      return {
        seq: Number(r.seq),
        comRegNo: com,
        sbid: r.sbid,
        pID: r.p_id,
        email: r.email,
        regYn: r.reg_yn,
        shape: r.shape,
        receivedAt: Number(r.received_at),
      };
    });
  }

  /** Drops an unmatched callback's credentials (its record in `smartbill_callbacks` stays). */
  async discard(seq: number): Promise<boolean> {
    return (await this.store.run('DELETE FROM smartbill_unmatched_credentials WHERE seq = ?', [seq])).changes > 0;
  }
}
