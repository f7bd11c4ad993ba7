import type { IamportConfig } from '../adapter/config.ts';
import type { Principal } from '../adapter/auth/index.ts';
import type { Migration, Store } from '../adapter/store/store.ts';
import type { Events } from '../adapter/webhooks/outbox.ts';
import type { Certification } from './upstream-schema.ts';

export const iamportMigrations: Migration[] = [
  {
    id: 'iamport/001-certifications',
    // imp_uid is the primary key: a second use of the same imp_uid cannot be stored.
    sql: `CREATE TABLE IF NOT EXISTS iamport_certifications (
      imp_uid TEXT PRIMARY KEY,
      merchant_uid TEXT NOT NULL,
      data TEXT NOT NULL,
      verified_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'iamport/002-principal',
    // Who asked (page token sub/com; null when anonymous), so the ERP's server can check the verification is its user's.
    sql: `ALTER TABLE iamport_certifications ADD COLUMN sub TEXT;
    ALTER TABLE iamport_certifications ADD COLUMN com_regno TEXT`,
  },
];

/** Verified certifications, keeping only the fields the operator configured. */
export class CertificationStore {
  constructor(
    private readonly store: Store,
    private readonly fields: IamportConfig['storeFields'],
    private readonly events?: Events,
  ) {}

  async isUsed(impUid: string): Promise<boolean> {
    return !!(await this.store.get('SELECT 1 AS used FROM iamport_certifications WHERE imp_uid = ?', [impUid]));
  }

  /** Throws UniqueViolation when the imp_uid was stored already (a replay). */
  async save(cert: Certification, merchantUid: string, verifiedAt: number, principal?: Principal): Promise<void> {
    const kept: Record<string, unknown> = {};
    for (const f of this.fields) kept[f] = cert[f] ?? null;
    const sub = principal && !principal.anonymous ? principal.sub : null;
    const com = principal && !principal.anonymous && principal.com !== '*' ? principal.com : null;
    await this.store.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO iamport_certifications (imp_uid, merchant_uid, data, verified_at, sub, com_regno) VALUES (?, ?, ?, ?, ?, ?)',
        [cert.imp_uid, merchantUid, JSON.stringify(kept), verifiedAt, sub, com],
      );
      // No CI/DI or name here: the ERP reads them with GET /server/iamport/certifications/:imp_uid.
      await this.events?.enqueue(tx, 'iamport.certification.verified', {
        imp_uid: cert.imp_uid,
        merchant_uid: merchantUid,
        certified_at: cert.certified_at,
        sub,
        com,
      });
    });
  }
}
