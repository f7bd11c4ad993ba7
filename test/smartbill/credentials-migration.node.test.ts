import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { rekeyStore } from '../../src/server.ts';
import { coreMigrations } from '../../src/core/server/migrations.ts';
import { type SqlValue } from '../../src/core/server/store/store.ts';
import { invoiceCredentialMigrations } from '../../src/smartbill/server/invoice-credentials.ts';
import { SmartbillSignupStore, smartbillMigrations } from '../../src/smartbill/server/signup-store.ts';
import { startTestAdapter } from '../helpers/adapter.ts';
import { serverJson } from '../helpers/smartbill.ts';
import { freshTestStore, openTestStore } from '../helpers/store.ts';

const KEY = randomBytes(32).toString('base64');
const DAY = 86_400_000;
type User = {
  SBID: string;
  AUTH_TOKEN: string;
  sub: string | null;
  source: string;
  expirationDateCode: string | null;
  expiresAt: number | null;
};
type Company = { AUTH_CODE: string; SBID: string; AUTH_TOKEN: string | null; users: User[] };

// Migration smartbill/006 on a store written by the previous version (one credentials row per business number,
// re-issued tokens apart, unmatched callbacks flagged in place): every row carries over, sealed values still open.
it('existing credentials carry over to per-user tokens; unmatched rows move apart; re-issued tokens win when newer', async () => {
  const test = await freshTestStore();
  const box = createCrypto({ key: KEY });
  const old = openTestStore(test.config);
  try {
    await old.migrate([...coreMigrations, ...smartbillMigrations, ...invoiceCredentialMigrations]);
    const run = (sql: string, ...p: SqlValue[]) => old.run(sql, p);
    await run(
      `INSERT INTO smartbill_attempts (id, token_hash, env, com_regno, p_id, status, sbid, reg_yn, created_at, completed_at, sub)
       VALUES ('a1', 'x', 'demo', '1208147521', 'erp-kim', 'completed', 'sb-kim', 'Y', 1, 2, 'kim')`,
    );
    await run(
      `INSERT INTO smartbill_callbacks (seq, digest, com_regno, p_id, sbid, email, reg_yn, shape, extra, attempt_id, received_at)
       VALUES (2, 'd2', '2208162517', NULL, 'sb-x', NULL, NULL, 'legacy', '{}', NULL, 2000)`,
    );
    const cred = (com: string, sbid: string, matched: number, attemptId: string | null, seq: number, at: number) =>
      run(
        `INSERT INTO smartbill_credentials (com_regno, auth_code, auth_token, sbid, p_id, email, reg_yn, attempt_id, matched, callback_seq, updated_at)
         VALUES (?, ?, ?, ?, 'p', 'e@example.com', 'Y', ?, ?, ?, ?)`,
        com,
        box.encrypt(`code-${com}`, `smartbill:${com}:auth_code`),
        box.encrypt(`token-${com}`, `smartbill:${com}:auth_token`),
        sbid,
        attemptId,
        matched,
        seq,
        at,
      );
    await cred('1208147521', 'sb-kim', 1, 'a1', 1, 1000); // a matched signup…
    await cred('2208162517', 'sb-x', 0, null, 2, 2000); // …an unmatched callback, flagged in place…
    await cred('3128109879', 'sb-m', 1, null, 0, 3000); // …and credentials entered by hand.
    const issued = (com: string, sbid: string, at: number) =>
      run(
        'INSERT INTO smartbill_api_tokens (com_regno, sbid, auth_token, expiration_code, expires_at, issued_at) VALUES (?, ?, ?, ?, ?, ?)',
        com,
        sbid,
        box.encrypt(`reissued-${com}`, `smartbill:${com}:${sbid}:api_token`),
        'M',
        at + 30 * DAY,
        at,
      );
    await issued('1208147521', 'sb-kim', 5000); // newer than the callback: wins
    await issued('3128109879', 'sb-m', 100); // older than the hand entry: loses
    await issued('2208162517', 'sb-x', 9000); // for unmatched credentials: not carried
  } finally {
    await old.close();
  }

  const adapter = await startTestAdapter({
    store: test.config,
    smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false } },
  });
  try {
    const company = async (com: string) => serverJson<Company>(adapter, 'GET', `/smartbill/credentials/${com}`);
    const kim = (await company('1208147521')).body;
    assert.deepEqual([kim.AUTH_CODE, kim.SBID, kim.AUTH_TOKEN], ['code-1208147521', 'sb-kim', 'reissued-1208147521']);
    assert.deepEqual(
      kim.users.map((u) => [u.SBID, u.sub, u.source, u.expirationDateCode, u.expiresAt]),
      [['sb-kim', 'kim', 'get_token', 'M', 5000 + 30 * DAY]],
    );
    const manual = (await company('3128109879')).body;
    assert.deepEqual(
      manual.users.map((u) => [u.SBID, u.AUTH_TOKEN, u.source, u.expiresAt]),
      [['sb-m', 'token-3128109879', 'manual', null]],
    );

    assert.equal((await company('2208162517')).status, 404, 'unmatched credentials are no longer the company’s');
    const list = await serverJson<{ unmatched: { seq: number; SBID: string; shape: string }[] }>(
      adapter,
      'GET',
      '/smartbill/credentials/unmatched',
    );
    assert.deepEqual(
      list.body.unmatched.map((u) => [u.seq, u.SBID, u.shape]),
      [[2, 'sb-x', 'legacy']],
    );

    // Values sealed per business number before the migration re-seal under a new key, then still open (and adopt).
    const rotated = createCrypto({ key: randomBytes(32).toString('base64'), previous: [KEY] });
    const { resealed, failed } = await rekeyStore(adapter.adapter.store, rotated);
    assert.deepEqual(failed, {});
    assert.deepEqual(resealed, {
      'smartbill_credentials.auth_code': 2,
      'smartbill_api_tokens.auth_token': 2,
      'smartbill_unmatched_credentials.auth_code': 1,
      'smartbill_unmatched_credentials.auth_token': 1,
    });
    const after = new SmartbillSignupStore(adapter.adapter.store, rotated);
    assert.deepEqual(
      (await after.getCredentials('3128109879'))?.users.map((u) => u.authToken),
      ['token-3128109879'],
    );
    assert.ok(await after.credentials.adopt(2, 'lee', Date.now()));
    const adopted = await after.getCredentials('2208162517');
    assert.deepEqual([adopted?.authCode, adopted?.authToken, adopted?.users[0]?.sub], ['code-2208162517', 'token-2208162517', 'lee']);
  } finally {
    await adapter.close();
    await test.drop();
  }
});
