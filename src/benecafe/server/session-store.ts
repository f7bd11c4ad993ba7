import { createHash, randomBytes } from 'node:crypto';
import type { Migration, Store } from '../../core/server/store/store.ts';
import type { Events } from '../../core/server/webhooks/outbox.ts';
import type { GateSession } from '../shared/schema.ts';

export const benecafeMigrations: Migration[] = [
  {
    id: 'benecafe/001-sessions',
    // Only a hash of the cookie value is stored: a copy of the database opens no session.
    sql: `CREATE TABLE IF NOT EXISTS benecafe_sessions (
      id_hash TEXT PRIMARY KEY,
      member_ref TEXT NOT NULL,
      view_json TEXT NOT NULL,
      member_json TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    )`,
  },
  { id: 'benecafe/002-sessions-member', sql: 'CREATE INDEX IF NOT EXISTS benecafe_sessions_member ON benecafe_sessions (member_ref)' },
  {
    id: 'benecafe/003-sessions-ref',
    // The opaque `ref` the partner's backend looks a session up by (GET /server/benecafe/sessions/:ref).
    sql: `ALTER TABLE benecafe_sessions ADD COLUMN ref TEXT;
    CREATE UNIQUE INDEX IF NOT EXISTS benecafe_sessions_ref ON benecafe_sessions (ref)`,
  },
];

/** The member behind a gate session, for the partner's backend: the view plus Benecafe's record (minus anything token-like). */
export interface SessionMember {
  ref: string;
  session: GateSession;
  member: Record<string, unknown>;
  enteredAt: number;
}

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

export type Lookup = { session: GateSession } | { session: null; reason: 'none' | 'expired' };

/** Gate sessions in the shared store, so every adapter instance sees them. */
export class GateSessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly events?: Events,
  ) {}

  /** Creates a session; any other session of the same member is dropped (Benecafe: reset on every gate request). */
  async create(
    memberRef: string,
    view: Omit<GateSession, 'expiresAt' | 'ref'>,
    member: Record<string, unknown>,
    ttlMs: number,
  ): Promise<{ id: string; session: GateSession }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const ref = `bs_${randomBytes(18).toString('base64url')}`;
    const session: GateSession = { ref, ...view, expiresAt: now + ttlMs };
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM benecafe_sessions WHERE member_ref = ? OR expires_at <= ?', [memberRef, now]);
      await tx.run(
        'INSERT INTO benecafe_sessions (id_hash, ref, member_ref, view_json, member_json, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [hash(id), ref, memberRef, JSON.stringify(session), JSON.stringify(member), now, session.expiresAt],
      );
      // Who entered, by key: the name and Benecafe's record are read with the ref (server key), never pushed.
      await this.events?.enqueue(tx, 'benecafe.member.entered', {
        ref,
        companyKey: view.companyKey,
        memberKey: view.memberKey,
        enteredAt: now,
        expiresAt: session.expiresAt,
      });
    });
    return { id, session };
  }

  async read(id: string | undefined): Promise<Lookup> {
    if (!id) return { session: null, reason: 'none' };
    const row = await this.store.get<{ view_json: string; expires_at: number | bigint }>(
      'SELECT view_json, expires_at FROM benecafe_sessions WHERE id_hash = ?',
      [hash(id)],
    );
    if (!row) return { session: null, reason: 'none' };
    if (Number(row.expires_at) <= this.now()) {
      await this.delete(id);
      return { session: null, reason: 'expired' };
    }
    return { session: JSON.parse(row.view_json) as GateSession };
  }

  /** The session a `ref` names, for the server API; undefined once it expired or the member left. */
  async byRef(ref: string): Promise<SessionMember | undefined> {
    const row = await this.store.get<{ view_json: string; member_json: string; created_at: number | bigint; expires_at: number | bigint }>(
      'SELECT view_json, member_json, created_at, expires_at FROM benecafe_sessions WHERE ref = ?',
      [ref],
    );
    if (!row || Number(row.expires_at) <= this.now()) return undefined;
    return {
      ref,
      session: JSON.parse(row.view_json) as GateSession,
      member: JSON.parse(row.member_json) as Record<string, unknown>,
      enteredAt: Number(row.created_at),
    };
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await this.store.run('DELETE FROM benecafe_sessions WHERE id_hash = ?', [hash(id)]);
  }
}
