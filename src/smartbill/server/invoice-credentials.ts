import type { Migration } from '../../core/server/store/store.ts';
import type { SmartbillCredentialStore } from './credential-store.ts';

export const invoiceCredentialMigrations: Migration[] = [
  {
    id: 'smartbill/005-api-tokens',
    formerly: ['smartbill/002-openapi-tokens'],
    // Tokens the adapter re-issued with GET_TOKEN, per business number + SBID (the AuthToken is per user, seed 001).
    // Migration smartbill/006 turns this into the table of every user's token.
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
  /** '' when this user has no token yet (only the AUTH_CODE is known): GET_TOKEN issues one first. */
  authToken: string;
  /** When the token expires (ms), or null when unknown (a token from the signup callback) or permanent. */
  expiresAt: number | null;
}

/** Who an invoice call acts for: the page token's company and ERP user. */
export interface InvoiceCaller {
  comRegNo: string;
  sub?: string;
}

/**
 * The one place the invoice routes read SmartBill credentials from: the
 * business number's AUTH_CODE and the AUTH_TOKEN of the SBID the page's ERP
 * user maps to (the `sub` recorded with the token: the signup attempt's page
 * token, or `sub` in a PUT), else the company's default user's token.
 */
export class InvoiceCredentials {
  constructor(private readonly credentials: SmartbillCredentialStore) {}

  async current(who: InvoiceCaller): Promise<ApiCredentials | undefined> {
    const company = await this.credentials.authCode(who.comRegNo);
    if (!company) return undefined;
    const mapped = who.sub ? await this.credentials.sbidOf(who.comRegNo, who.sub) : undefined;
    return this.of(who.comRegNo, mapped ?? company.sbid, company.authCode);
  }

  /** The credentials of one SBID (after a re-issue: the same user again). */
  async forSbid(comRegNo: string, sbid: string): Promise<ApiCredentials | undefined> {
    const company = await this.credentials.authCode(comRegNo);
    return company && this.of(comRegNo, sbid, company.authCode);
  }

  private async of(comRegNo: string, sbid: string, authCode: string): Promise<ApiCredentials> {
    const user = await this.credentials.user(comRegNo, sbid);
    // No token yet counts as expired: the service asks GET_TOKEN first.
    return { comRegNo, sbid, authCode, authToken: user?.authToken ?? '', expiresAt: user ? user.expiresAt : 0 };
  }

  /** Keeps a token GET_TOKEN issued for this SBID, encrypted, with its expiry from ExpirationDateCode. */
  saveIssued(comRegNo: string, sbid: string, token: string, code: string, issuedAt: number): Promise<void> {
    return this.credentials.saveIssued(comRegNo, sbid, token, code, issuedAt);
  }
}
