import type { Migration, Store } from '../adapter/store/store.ts';
import type { Crypto } from '../adapter/crypto.ts';
import { tokenExpiry } from './openapi-config.ts';
import type { SmartbillSignupStore } from './signup-store.ts';

export const invoiceCredentialMigrations: Migration[] = [
  {
    id: 'smartbill/002-openapi-tokens',
    // Tokens the adapter re-issued with GET_TOKEN, per business number + SBID (the AuthToken is per user, seed 001).
    sql: `CREATE TABLE IF NOT EXISTS smartbill_api_tokens (
      com_regno TEXT NOT NULL,
      sbid TEXT NOT NULL,
      auth_token TEXT NOT NULL,
      expiration_code TEXT NOT NULL,
      expires_at BIGINT,
      issued_at BIGINT NOT NULL,
      PRIMARY KEY (com_regno, sbid)
    )`,
  },
];

/** What one Open API call needs. Server-side only: never in a response or a log line. */
export interface ApiCredentials {
  comRegNo: string;
  sbid: string;
  authCode: string;
  authToken: string;
  /** When the token expires (ms), or null when unknown (a token from the signup callback) or permanent. */
  expiresAt: number | null;
}

type TokenRow = { auth_token: string; expires_at: number | bigint | null; issued_at: number | bigint };

/**
 * The one place the invoice routes read SmartBill credentials from. Today the
 * AUTH_CODE and AUTH_TOKEN come from the signup store (one set per business
 * number); a token re-issued with GET_TOKEN is kept here, per business number
 * + SBID, and wins over an older callback token. When credentials are keyed
 * per business number + SBID in the signup store, only `base` changes.
 */
export class InvoiceCredentials {
  constructor(
    private readonly store: Store,
    private readonly box: Crypto,
    private readonly signups: SmartbillSignupStore,
  ) {}

  private async base(comRegNo: string) {
    return this.signups.getCredentials(comRegNo);
  }

  async current(comRegNo: string): Promise<ApiCredentials | undefined> {
    const base = await this.base(comRegNo);
    if (!base) return undefined;
    const row = await this.store.get<TokenRow>(
      'SELECT auth_token, expires_at, issued_at FROM smartbill_api_tokens WHERE com_regno = ? AND sbid = ?',
      [comRegNo, base.sbid],
    );
    // A newer callback (a new signup) replaces a token we issued earlier.
    if (row && Number(row.issued_at) >= base.updatedAt) {
      return {
        comRegNo,
        sbid: base.sbid,
        authCode: base.authCode,
        authToken: this.box.decrypt(row.auth_token, this.context(comRegNo, base.sbid)),
        expiresAt: row.expires_at === null ? null : Number(row.expires_at),
      };
    }
    return { comRegNo, sbid: base.sbid, authCode: base.authCode, authToken: base.authToken, expiresAt: null };
  }

  /** Keeps a token GET_TOKEN issued, encrypted, with its expiry from ExpirationDateCode. */
  async saveIssued(comRegNo: string, sbid: string, token: string, code: string, issuedAt: number): Promise<void> {
    await this.store.run(
      `INSERT INTO smartbill_api_tokens (com_regno, sbid, auth_token, expiration_code, expires_at, issued_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (com_regno, sbid) DO UPDATE SET auth_token = excluded.auth_token, expiration_code = excluded.expiration_code,
         expires_at = excluded.expires_at, issued_at = excluded.issued_at`,
      [comRegNo, sbid, this.box.encrypt(token, this.context(comRegNo, sbid)), code, tokenExpiry(code, issuedAt), issuedAt],
    );
  }

  private context(comRegNo: string, sbid: string) {
    return `smartbill:${comRegNo}:${sbid}:api_token`;
  }
}
