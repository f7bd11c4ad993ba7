import { randomBytes } from 'node:crypto';
import type { Principal } from '../../core/server/auth/index.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { Migration, Store, TxExecutor } from '../../core/server/store/store.ts';

export const portoneRequestMigrations: Migration[] = [
  {
    id: 'iamport/004-portone-requests',
    // Every identityVerificationId this adapter minted, whose page token asked for it, and when it was used.
    sql: `CREATE TABLE IF NOT EXISTS iamport_portone_requests (
      id TEXT PRIMARY KEY,
      sub TEXT,
      com_regno TEXT,
      issued_at BIGINT NOT NULL,
      used_at BIGINT
    )`,
  },
];

/** `iv_` + 32 hex: an id PortOne accepts (letters, digits, `_`) that this adapter can tell apart from an imp_uid. */
export const PORTONE_ID = /^iv_[0-9a-f]{32}$/;

type Owner = { sub: string | null; com: string | null };
const ownerOf = (p: Principal): Owner => ({
  sub: p.anonymous ? null : p.sub,
  com: p.anonymous || p.com === '*' ? null : p.com,
});

/** The ids the adapter hands out before the click, each bound to the page token that asked, usable once. */
export class PortoneRequests {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async issue(principal: Principal): Promise<string> {
    const id = `iv_${randomBytes(16).toString('hex')}`;
    const { sub, com } = ownerOf(principal);
    await this.store.run('INSERT INTO iamport_portone_requests (id, sub, com_regno, issued_at) VALUES (?, ?, ?, ?)', [
      id,
      sub,
      com,
      this.now(),
    ]);
    return id;
  }

  /** Refuses an id not minted here, minted for another user or company, or used already (before any upstream call). */
  async check(id: string, principal: Principal): Promise<void> {
    const row = await this.store.get<{ sub: string | null; com_regno: string | null; used_at: number | bigint | null }>(
      'SELECT sub, com_regno, used_at FROM iamport_portone_requests WHERE id = ?',
      [id],
    );
    if (!row) throw new ApiError(404, 'portone_verification_unknown', 'this identityVerificationId was not issued by this adapter');
    const owner = ownerOf(principal);
    if (row.sub !== owner.sub || row.com_regno !== owner.com) {
      throw new ApiError(403, 'tenant_mismatch', 'this identityVerificationId was issued to another user or company');
    }
    if (row.used_at !== null) throw usedAlready();
  }

  /** Marks the id used inside the transaction that stores the result; a concurrent second use loses here. */
  async claim(tx: TxExecutor, id: string): Promise<void> {
    const changed = await tx.run('UPDATE iamport_portone_requests SET used_at = ? WHERE id = ? AND used_at IS NULL', [this.now(), id]);
    if (changed.changes !== 1) throw usedAlready();
  }
}

export const usedAlready = () => new ApiError(409, 'iamport_imp_uid_used', 'this verification was already used');
