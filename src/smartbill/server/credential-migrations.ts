import type { Migration } from '../../core/server/store/store.ts';

/**
 * Credentials per business number + SBID (seed 001: the AuthCode is one per
 * business number, the AuthToken is issued per user). Existing rows carry over:
 * - `smartbill_credentials` keeps one row per business number: the AUTH_CODE and
 *   the company's default user (SBID); its AUTH_TOKEN moves to a user row.
 * - `smartbill_api_tokens` becomes the per-user table: every AUTH_TOKEN (callback,
 *   entered by hand, re-issued by GET_TOKEN) with its expiry and the ERP user
 *   (`sub`) it belongs to. A moved token stays sealed as it was (`seal = 'company'`:
 *   SQL cannot re-seal); its next write (callback, PUT, GET_TOKEN) seals it per user.
 * - Rows an unmatched callback left (`matched = 0`) move to
 *   `smartbill_unmatched_credentials`, apart from what the ERP uses.
 * Portable SQL: SQLite ≥ 3.35 (DROP COLUMN) and PostgreSQL.
 */
export const credentialMigrations: Migration[] = [
  {
    id: 'smartbill/006-credentials-per-user',
    formerly: ['smartbill/005-credentials-per-user'],
    sql: `CREATE TABLE smartbill_user_tokens (
      com_regno TEXT NOT NULL,
      sbid TEXT NOT NULL,
      auth_token TEXT NOT NULL,
      seal TEXT NOT NULL,
      expiration_code TEXT,
      expires_at BIGINT,
      source TEXT NOT NULL,
      sub TEXT,
      p_id TEXT,
      email TEXT,
      reg_yn TEXT,
      attempt_id TEXT,
      callback_seq BIGINT NOT NULL,
      issued_at BIGINT NOT NULL,
      PRIMARY KEY (com_regno, sbid)
    );
    INSERT INTO smartbill_user_tokens
      (com_regno, sbid, auth_token, seal, expiration_code, expires_at, source, sub, p_id, email, reg_yn, attempt_id, callback_seq, issued_at)
      SELECT c.com_regno, c.sbid, c.auth_token, 'company', NULL, NULL,
        CASE WHEN c.attempt_id IS NULL THEN 'manual' ELSE 'callback' END,
        (SELECT a.sub FROM smartbill_attempts a WHERE a.id = c.attempt_id),
        c.p_id, c.email, c.reg_yn, c.attempt_id, c.callback_seq, c.updated_at
      FROM smartbill_credentials c WHERE c.matched = 1;
    INSERT INTO smartbill_user_tokens
      (com_regno, sbid, auth_token, seal, expiration_code, expires_at, source, sub, p_id, email, reg_yn, attempt_id, callback_seq, issued_at)
      SELECT t.com_regno, t.sbid, t.auth_token, 'user', t.expiration_code, t.expires_at, 'get_token', NULL, NULL, NULL, NULL, NULL, 0, t.issued_at
      FROM smartbill_api_tokens t
      WHERE EXISTS (SELECT 1 FROM smartbill_credentials c WHERE c.com_regno = t.com_regno AND c.matched = 1)
      ON CONFLICT (com_regno, sbid) DO UPDATE SET auth_token = excluded.auth_token, seal = excluded.seal,
        expiration_code = excluded.expiration_code, expires_at = excluded.expires_at, source = excluded.source,
        issued_at = excluded.issued_at
      WHERE excluded.issued_at >= smartbill_user_tokens.issued_at;
    CREATE TABLE smartbill_unmatched_credentials (
      seq BIGINT PRIMARY KEY,
      com_regno TEXT NOT NULL,
      sbid TEXT NOT NULL,
      p_id TEXT,
      email TEXT,
      reg_yn TEXT,
      shape TEXT NOT NULL,
      auth_code TEXT NOT NULL,
      auth_token TEXT NOT NULL,
      seal TEXT NOT NULL,
      received_at BIGINT NOT NULL
    );
    INSERT INTO smartbill_unmatched_credentials
      (seq, com_regno, sbid, p_id, email, reg_yn, shape, auth_code, auth_token, seal, received_at)
      SELECT c.callback_seq, c.com_regno, c.sbid, c.p_id, c.email, c.reg_yn,
        COALESCE((SELECT k.shape FROM smartbill_callbacks k WHERE k.seq = c.callback_seq), 'current'),
        c.auth_code, c.auth_token, 'company', c.updated_at
      FROM smartbill_credentials c WHERE c.matched = 0;
    DELETE FROM smartbill_credentials WHERE matched = 0;
    ALTER TABLE smartbill_credentials DROP COLUMN auth_token;
    ALTER TABLE smartbill_credentials DROP COLUMN matched;
    DROP TABLE smartbill_api_tokens;
    ALTER TABLE smartbill_user_tokens RENAME TO smartbill_api_tokens;
    CREATE INDEX smartbill_api_tokens_sub ON smartbill_api_tokens (com_regno, sub);
    CREATE INDEX smartbill_unmatched_com ON smartbill_unmatched_credentials (com_regno)`,
  },
];

/** Sealing contexts (GCM associated data): a value opens only in the row it was written for. */
export const sealContext = {
  authCode: (com: string) => `smartbill:${com}:auth_code`,
  /** A user token; `seal = 'company'` rows were sealed per business number before 005. */
  userToken: (com: string, sbid: string, seal: string) =>
    seal === 'company' ? `smartbill:${com}:auth_token` : `smartbill:${com}:${sbid}:api_token`,
  unmatched: (com: string, seq: string | number | bigint, seal: string, field: 'auth_code' | 'auth_token') =>
    seal === 'company' ? `smartbill:${com}:${field}` : `smartbill:unmatched:${String(seq)}:${field}`,
};
