import type { IamportConfig } from '../adapter/config.ts';
import type { Migration, Store } from '../adapter/store/store.ts';
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
];

/** Verified certifications, keeping only the fields the operator configured. */
export class CertificationStore {
  constructor(
    private readonly store: Store,
    private readonly fields: IamportConfig['storeFields'],
  ) {}

  async isUsed(impUid: string): Promise<boolean> {
    return !!(await this.store.get('SELECT 1 AS used FROM iamport_certifications WHERE imp_uid = ?', [impUid]));
  }

  /** Throws UniqueViolation when the imp_uid was stored already (a replay). */
  async save(cert: Certification, merchantUid: string, verifiedAt: number): Promise<void> {
    const kept: Record<string, unknown> = {};
    for (const f of this.fields) kept[f] = cert[f] ?? null;
    await this.store.run('INSERT INTO iamport_certifications (imp_uid, merchant_uid, data, verified_at) VALUES (?, ?, ?, ?)', [
      cert.imp_uid,
      merchantUid,
      JSON.stringify(kept),
      verifiedAt,
    ]);
  }
}
