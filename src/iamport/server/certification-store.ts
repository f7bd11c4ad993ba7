import type { IamportConfig } from './config-schema.ts';
import type { Crypto } from '../../core/server/crypto.ts';
import type { Principal } from '../../core/server/auth/index.ts';
import type { Migration, Store, TxExecutor } from '../../core/server/store/store.ts';
import type { Events } from '../../core/server/webhooks/outbox.ts';
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
  {
    id: 'iamport/003-identity-digests',
    // CI/DI as keyed digests, so the ERP can recognise a returning person without the store holding the identifiers.
    sql: `ALTER TABLE iamport_certifications ADD COLUMN unique_key_digest TEXT;
    ALTER TABLE iamport_certifications ADD COLUMN unique_in_site_digest TEXT;
    CREATE INDEX IF NOT EXISTS iamport_certifications_ci ON iamport_certifications (unique_key_digest);
    CREATE INDEX IF NOT EXISTS iamport_certifications_di ON iamport_certifications (unique_in_site_digest)`,
  },
];

/** CI (unique_key) and DI (unique_in_site): identify a person across sites; kept as HMACs unless configured otherwise. */
export const IDENTIFIERS = ['unique_key', 'unique_in_site'] as const;
export type Identifier = (typeof IDENTIFIERS)[number];

/** Verified certifications, keeping only the fields the operator configured. */
export class CertificationStore {
  constructor(
    private readonly store: Store,
    private readonly fields: IamportConfig['storeFields'],
    private readonly events: Events | undefined,
    private readonly crypto: Crypto,
    /** `iamport.plainIdentifiers`: keep CI/DI in clear text too (off by default). */
    private readonly plainIdentifiers = false,
  ) {}

  /**
   * Certifications of the person with this CI or DI (the ERP recognising a returning person).
   * Matches digests under every configured key; one found under an older key is re-digested under the current one.
   */
  async findByIdentifier(
    kind: Identifier,
    value: string,
  ): Promise<{ imp_uid: string; merchant_uid: string; data: Record<string, unknown>; verified_at: number }[]> {
    const column = kind === 'unique_key' ? 'unique_key_digest' : 'unique_in_site_digest';
    const candidates = this.crypto.hmacCandidates(value, `iamport:${kind}`);
    const rows = await this.store.all<{ imp_uid: string; merchant_uid: string; data: string; verified_at: number | bigint; d: string }>(
      `SELECT imp_uid, merchant_uid, data, verified_at, ${column} AS d FROM iamport_certifications WHERE ${column} IN (${candidates.map(() => '?').join(', ')}) ORDER BY verified_at`,
      candidates,
    );
    for (const r of rows) {
      if (r.d !== candidates[0])
        await this.store.run(`UPDATE iamport_certifications SET ${column} = ? WHERE imp_uid = ?`, [candidates[0]!, r.imp_uid]);
    }
    return rows.map((r) => ({
      imp_uid: r.imp_uid,
      merchant_uid: r.merchant_uid,
      data: JSON.parse(r.data) as Record<string, unknown>,
      verified_at: Number(r.verified_at),
    }));
  }

  async isUsed(impUid: string): Promise<boolean> {
    return !!(await this.store.get('SELECT 1 AS used FROM iamport_certifications WHERE imp_uid = ?', [impUid]));
  }

  /**
   * Throws UniqueViolation when the imp_uid was stored already (a replay). V1 and V2 rows and events have the same
   * fields; `version` says which API verified the person, and `claim` runs in the same transaction (V2 marks its id used).
   */
  async save(
    cert: Certification,
    merchantUid: string,
    verifiedAt: number,
    principal?: Principal,
    options: { version?: 'v1' | 'v2'; claim?: (tx: TxExecutor) => Promise<void> } = {},
  ): Promise<void> {
    const kept: Record<string, unknown> = {};
    const digest = (kind: Identifier) => {
      const v = cert[kind];
      return this.fields.includes(kind) && typeof v === 'string' && v ? this.crypto.hmac(v, `iamport:${kind}`) : null;
    };
    for (const f of this.fields) {
      // CI/DI stay in `data` only when the operator opted into plain values; otherwise only their digests are kept.
      if ((IDENTIFIERS as readonly string[]).includes(f) && !this.plainIdentifiers) kept[f] = digest(f as Identifier);
      else kept[f] = cert[f] ?? null;
    }
    kept.version = options.version ?? 'v1';
    const sub = principal && !principal.anonymous ? principal.sub : null;
    const com = principal && !principal.anonymous && principal.com !== '*' ? principal.com : null;
    const statements = (tx: TxExecutor) => [
      tx.run(
        'INSERT INTO iamport_certifications (imp_uid, merchant_uid, data, verified_at, sub, com_regno, unique_key_digest, unique_in_site_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [cert.imp_uid, merchantUid, JSON.stringify(kept), verifiedAt, sub, com, digest('unique_key'), digest('unique_in_site')],
      ),
      // No CI/DI or name here: the ERP reads them with GET /server/iamport/certifications/:imp_uid.
      this.events?.enqueue(tx, 'iamport.certification.verified', {
        version: options.version ?? 'v1',
        imp_uid: cert.imp_uid,
        merchant_uid: merchantUid,
        certified_at: cert.certified_at,
        sub,
        com,
      }) ?? Promise.resolve(),
    ];
    const { claim } = options;
    // A claim decides whether the rest may run, so it needs a round trip of its own; without one, the row and its
    // webhook go out with BEGIN and COMMIT in one round trip on PostgreSQL.
    if (claim) {
      await this.store.transaction(async (tx) => {
        await claim(tx);
        await Promise.all(statements(tx));
      });
    } else {
      await this.store.pipeline(statements);
    }
  }
}
