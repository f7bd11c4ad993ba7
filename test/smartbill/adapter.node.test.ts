import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSignupCreated, isSignupStatus } from '../../src/smartbill/element/guards.ts';
import { checkSignup, maxLengthOf, signupCreatedSchema, signupStatusSchema } from '../../src/smartbill/shared/schema.ts';
import { describeSignupErrors } from '../../src/smartbill/shared/signup-issues.en.ts';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { assertAnswer } from '../helpers/answers.ts';
import { authHeader } from '../helpers/auth.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const ORIGIN = 'https://erp.example.com';
let AUTH: Record<string, string> = {};
const FORM = {
  pComRegNo: '120-81-47521',
  pComName: '주식회사 테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '010-1111-1111',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};
let n = 0;
const secret = () => `TOKEN-${process.pid}-${++n}-cnV0Qnp1VjlrZUJuS0OteFZCanU3MkR2bUhRelFTR0hd`;
const code = () => `CODE${String(++n).padStart(4, '0')}13F89DFEK99D4474A67EABE8F72`;

describe('SmartBill signup routes', () => {
  let adapter: TestAdapter;
  const seen: string[] = [];
  const secrets: string[] = [];
  const text = async (res: Response) => {
    const t = await res.clone().text();
    seen.push(t);
    return res;
  };
  const register = (form: unknown = FORM, env: string | undefined = 'production') =>
    adapter.post('/smartbill/signups', { env, form }, { Origin: ORIGIN, ...AUTH }).then(text);
  const callback = (body: unknown, headers: Record<string, string> = {}) => adapter.post('/smartbill/callback', body, headers).then(text);
  const read = (id: string, token?: string, wait = 0) =>
    adapter.call(`/smartbill/signups/${id}?${token ? `token=${token}&` : ''}wait=${wait}`, { headers: AUTH }).then(text);
  const cb = (over: Record<string, unknown> = {}) => {
    const body = {
      COM_REGNO: '1208147521',
      AUTH_TOKEN: secret(),
      AUTH_CODE: code(),
      Email: 'tax@example.com',
      pID: 'erp-user-1',
      SBID: 'sb_user',
      regYn: 'Y',
      ...over,
    };
    secrets.push(String(body.AUTH_TOKEN), String(body.AUTH_CODE));
    return body;
  };
  const db = <T>(sql: string, ...params: string[]): Promise<T[]> => adapter.rows<T>(sql, ...params);
  const signupStore = () => new SmartbillSignupStore(adapter.adapter.store, createCrypto({ key: KEY }));
  const creds = (com: string) => signupStore().getCredentials(com);
  /** A signup attempt for COM_REGNO + pID, so that a callback for them is matched. */
  const attempt = (com: string, pID = 'erp-user-1') =>
    signupStore().createAttempt({ env: 'production', comRegNo: com, pID, sub: pID }, Date.now());

  before(async () => {
    AUTH = await authHeader();
    // The test posts callbacks from loopback, so the source-IP check (on by default) is off here; see its own suite below.
    adapter = await startTestAdapter({
      allowedOrigins: [ORIGIN],
      smartbill: { environment: 'production', encryptionKey: KEY, longPollMs: 5000, callbackIpAllowList: { enabled: false } },
    });
  });
  after(async () => {
    // The scan: no AUTH_TOKEN/AUTH_CODE nor the key in any response body or log line of this suite.
    const all = seen.join('\n') + adapter.logs.join('\n');
    assert.ok(secrets.length > 10);
    for (const s of [...secrets, KEY]) assert.equal(all.includes(s), false, `leaked ${s.slice(0, 12)}…`);
    await adapter.close();
  });

  it('registers an attempt, completes it on the callback, and reads it back with its token only', async () => {
    const res = await register();
    assert.equal(res.status, 201);
    const created = (await res.json()) as { id: string; token: string; env: string; site: string };
    assertAnswer(signupCreatedSchema, isSignupCreated, created);
    assert.equal(created.env, 'production');
    assert.equal(created.site, 'https://www.smartbill.co.kr');
    const pending = (await (await read(created.id, created.token)).json()) as { status: string; COM_REGNO: string };
    assertAnswer(signupStatusSchema, isSignupStatus, pending);
    assert.deepEqual([pending.status, pending.COM_REGNO], ['pending', '1208147521']);

    // A long-poll started before the callback returns when it lands.
    const waiting = read(created.id, created.token, 5000);
    const body = cb();
    assert.equal((await callback(body)).status, 200);
    const done = (await (await waiting).json()) as Record<string, unknown>;
    assertAnswer(signupStatusSchema, isSignupStatus, done);
    assert.deepEqual(done, {
      id: created.id,
      status: 'completed',
      COM_REGNO: '1208147521',
      pID: 'erp-user-1',
      SBID: 'sb_user',
      regYn: 'Y',
    });

    const c = await creds('1208147521');
    assert.equal(c?.authToken, body.AUTH_TOKEN);
    assert.equal(c?.authCode, body.AUTH_CODE);
    assert.equal(c?.matched, true);
    assert.equal(c?.attemptId, created.id);
  });

  it('answers 404 without the token, with a wrong token and for an unknown id, alike', async () => {
    const { id } = (await (await register()).json()) as { id: string };
    const answers = [await read(id), await read(id, 'A'.repeat(32)), await read('00000000-0000-4000-8000-000000000000', 'A'.repeat(32))];
    const errs = await Promise.all(answers.map(errorOf));
    for (const e of errs) assert.deepEqual(e, { status: 404, code: 'not_found', message: 'no such signup attempt' });
  });

  describe('bad signup input: the server refuses what the form refuses, with the same messages', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['missing required field', { pComName: '' }],
      ['overlong company name', { pComName: '가'.repeat(201) }],
      ['overlong ERP user id', { pID: 'x'.repeat(51) }],
      ['bad check digit', { pComRegNo: '1208147522' }],
      ['9-digit business number', { pComRegNo: '120814752' }],
      ['4-digit zip', { pZipCode: '1234' }],
      ['phone without dashes', { pMemTel: '0211111111' }],
      ['bad e-mail', { pMemEmail: 'tax@' }],
      ['pMasterYN not Y/N', { pMasterYN: 'X' }],
      ['unknown field', { pPassword: 'x' }],
    ];
    for (const [name, over] of cases) {
      it(`${name} → 400 invalid_request naming the field`, async () => {
        const form = { ...FORM, ...over };
        const expected = checkSignup(form, 'production');
        assert.ok(expected.errors, 'the shared schema refuses it too');
        const err = await errorOf(await register(form));
        assert.deepEqual([err.status, err.code], [400, 'invalid_request']);
        assert.equal(err.message, describeSignupErrors(expected.errors, maxLengthOf));
        assert.match(err.message, new RegExp(Object.keys(over)[0]!));
      });
    }
    it('accepts the demo number only when the adapter runs SmartBill demo', async () => {
      assert.equal((await errorOf(await register({ ...FORM, pComRegNo: '1000000004' }))).code, 'invalid_request');
      const err = await errorOf(await register(FORM, 'demo'));
      assert.deepEqual([err.status, err.code], [400, 'smartbill_env_mismatch']);
      const demo = await startTestAdapter({
        smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false } },
      });
      try {
        const res = await demo.post(
          '/smartbill/signups',
          { env: 'demo', form: { ...FORM, pComRegNo: '1000000004' } },
          await authHeader({ com: '1000000004' }),
        );
        assert.equal(res.status, 201);
        assert.equal(((await res.json()) as { site: string }).site, 'https://demo.smartbill.co.kr');
      } finally {
        await demo.close();
      }
    });
    it('malformed JSON, wrong type, non-object → 4xx', async () => {
      assert.equal((await errorOf(await adapter.post('/smartbill/signups', '{"form":', { Origin: ORIGIN, ...AUTH }))).code, 'invalid_json');
      assert.equal((await errorOf(await adapter.post('/smartbill/signups', [1], { Origin: ORIGIN, ...AUTH }))).code, 'invalid_request');
      const res = await adapter.call('/smartbill/signups', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', ...AUTH },
        body: '{}',
      });
      assert.equal(res.status, 415);
      assert.equal(
        (await errorOf(await adapter.post('/smartbill/signups', { form: FORM }, { Origin: 'https://evil.example' }))).code,
        'origin_not_allowed',
      );
    });
  });

  describe('bad callbacks: 4xx and nothing stored', () => {
    const count = async () => (await db<{ n: number }>('SELECT COUNT(*) AS n FROM smartbill_callbacks'))[0]!.n;
    const cases: [string, () => unknown][] = [
      ['missing AUTH_TOKEN', () => ({ ...cb(), AUTH_TOKEN: undefined })],
      ['missing AUTH_CODE', () => ({ ...cb(), AUTH_CODE: '' })],
      ['missing SBID', () => ({ ...cb(), SBID: undefined })],
      ['missing pID', () => ({ ...cb(), pID: undefined })],
      ['missing regYn and regYN', () => ({ ...cb(), regYn: undefined })],
      ['regYn not Y/N', () => cb({ regYn: 'maybe' })],
      ['COM_REGNO not 10 digits', () => cb({ COM_REGNO: '12345' })],
      ['AUTH_TOKEN a number', () => cb({ AUTH_TOKEN: 12345 })],
      ['a JSON array', () => [cb()]],
      ['malformed JSON', () => '{"COM_REGNO":'],
      ['legacy shape without AUTH_CODE', () => ({ USER_SBID: 'old', COM_REGNO: '1208147521', AUTH_TOKEN: secret() })],
    ];
    for (const [name, body] of cases) {
      it(name, async () => {
        const before = await count();
        const res = await callback(body());
        assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
        assert.match((await errorOf(res)).code, /^(smartbill_invalid_callback|invalid_json)$/);
        assert.equal(await count(), before);
      });
    }
  });

  it('stores a replayed callback once', async () => {
    const body = cb({ COM_REGNO: '1111111119', pID: 'replay' });
    const first = await callback(body);
    const second = await callback(body);
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.deepEqual(await second.json(), { result: 'OK', duplicate: true });
    assert.equal((await db('SELECT seq FROM smartbill_callbacks WHERE com_regno = ?', '1111111119')).length, 1);
  });

  it('accepts regYN and the older USER_* shape', async () => {
    await attempt('2208162517');
    await attempt('3128109879', 'erp-old');
    const a = cb({ COM_REGNO: '2208162517', regYn: undefined, regYN: 'N' });
    assert.equal((await callback(a)).status, 200);
    assert.equal((await creds('2208162517'))?.regYn, 'N');
    const legacy = {
      USER_SBID: 'old_sb',
      USER_NAME: '김옛날',
      USER_EMAIL: 'old@example.com',
      USER_ID: 'erp-old',
      COM_REGNO: '3128109879',
      AUTH_TOKEN: secret(),
      AUTH_CODE: code(),
    };
    secrets.push(legacy.AUTH_TOKEN, legacy.AUTH_CODE);
    assert.equal((await callback(legacy)).status, 200);
    const c = await creds('3128109879');
    assert.deepEqual([c?.sbid, c?.pID, c?.email, c?.authToken], ['old_sb', 'erp-old', 'old@example.com', legacy.AUTH_TOKEN]);
    assert.deepEqual(
      JSON.parse((await db<{ extra: string }>('SELECT extra FROM smartbill_callbacks WHERE com_regno = ?', '3128109879'))[0]!.extra),
      { USER_NAME: '김옛날' },
    );
  });

  it('keeps a callback for an unknown attempt apart: no credentials, one unmatched entry', async () => {
    const body = cb({ COM_REGNO: '1048137225', pID: 'nobody' });
    assert.equal((await callback(body)).status, 200);
    assert.equal(await creds('1048137225'), undefined);
    const list = await signupStore().credentials.unmatched('1048137225');
    assert.deepEqual(
      list.map((u) => [u.sbid, u.pID]),
      [['sb_user', 'nobody']],
    );
  });

  it('concurrent callbacks for one business number: the last received wins the AUTH_CODE, each SBID keeps its token', async () => {
    await attempt('6068147005');
    const bodies = Array.from({ length: 12 }, (_, i) => cb({ COM_REGNO: '6068147005', SBID: `race-${i}` }));
    const statuses = await Promise.all(bodies.map((b) => callback(b).then((r) => r.status)));
    assert.deepEqual(new Set(statuses), new Set([200]));
    const rows = await db<{ seq: number; sbid: string }>(
      'SELECT seq, sbid FROM smartbill_callbacks WHERE com_regno = ? ORDER BY seq',
      '6068147005',
    );
    assert.equal(rows.length, 12);
    const last = rows.at(-1)!;
    const c = await creds('6068147005');
    const winner = bodies.find((b) => b.SBID === last.sbid)!;
    assert.deepEqual([c?.sbid, c?.authToken, c?.authCode], [winner.SBID, winner.AUTH_TOKEN, winner.AUTH_CODE]);
    assert.equal((await db('SELECT * FROM smartbill_credentials WHERE com_regno = ?', '6068147005')).length, 1);
    assert.deepEqual(
      Object.fromEntries(c!.users.map((u) => [u.sbid, u.authToken])),
      Object.fromEntries(bodies.map((b) => [b.SBID, b.AUTH_TOKEN])),
    );
  });

  it('keeps AUTH_TOKEN/AUTH_CODE unreadable in the store', async () => {
    await attempt('2148642139');
    const body = cb({ COM_REGNO: '2148642139' });
    assert.equal((await callback(body)).status, 200);
    const stored = (
      await db<{ auth_token: string; auth_code: string }>(
        `SELECT t.auth_token, c.auth_code FROM smartbill_credentials c
         JOIN smartbill_api_tokens t ON t.com_regno = c.com_regno AND t.sbid = c.sbid WHERE c.com_regno = ?`,
        '2148642139',
      )
    )[0]!;
    assert.match(stored.auth_token, /^v2\./);
    assert.notEqual(stored.auth_token, body.AUTH_TOKEN);
    const bytes = await adapter.storeBytes();
    assert.ok(bytes.includes(Buffer.from('2148642139')), 'the dump holds the stored rows');
    for (const s of [body.AUTH_TOKEN, body.AUTH_CODE]) {
      assert.equal(bytes.includes(Buffer.from(s)), false, 'not in the store (SQLite: the file or its WAL)');
    }
    assert.equal((await creds('2148642139'))?.authToken, body.AUTH_TOKEN, 'the store API decrypts it');
  });
});

describe('SmartBill callback source-IP allow-list', () => {
  const body = {
    COM_REGNO: '1208147521',
    AUTH_TOKEN: 'tok-allow-list-0001',
    AUTH_CODE: 'code-allow-list',
    pID: 'p',
    SBID: 's',
    regYn: 'Y',
  };
  const start = (over: Record<string, unknown>) => startTestAdapter({ smartbill: { environment: 'demo', encryptionKey: KEY, ...over } });

  it('refuses a non-listed source with 403 and stores nothing', async () => {
    const a = await start({ callbackIpAllowList: { enabled: true } }); // SmartBill demo's 58.181.27.5 only
    try {
      const err = await errorOf(await a.post('/smartbill/callback', body, { 'X-Forwarded-For': '58.181.27.5' }));
      assert.deepEqual([err.status, err.code], [403, 'smartbill_ip_not_allowed']);
      assert.equal((await a.rows<{ n: number }>('SELECT COUNT(*) AS n FROM smartbill_callbacks'))[0]!.n, 0);
    } finally {
      await a.close();
    }
  });

  it('is on by default outside the sandbox: a loopback callback is refused with 403', async () => {
    const a = await start({});
    try {
      const err = await errorOf(await a.post('/smartbill/callback', body));
      assert.deepEqual([err.status, err.code], [403, 'smartbill_ip_not_allowed']);
    } finally {
      await a.close();
    }
  });

  it('accepts a listed socket address', async () => {
    const a = await start({ callbackIpAllowList: { enabled: true, ips: ['127.0.0.1'] } });
    try {
      assert.equal((await a.post('/smartbill/callback', body)).status, 200);
    } finally {
      await a.close();
    }
  });

  it('reads the proxy header only from trustedProxies', async () => {
    const a = await startTestAdapter({
      trustedProxies: ['127.0.0.0/8'],
      smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: true } },
    });
    try {
      assert.equal((await a.post('/smartbill/callback', body, { 'X-Forwarded-For': '10.0.0.9, 58.181.27.5' })).status, 200);
      assert.equal((await a.post('/smartbill/callback', body, { 'X-Forwarded-For': '58.181.27.5, 10.0.0.9' })).status, 403);
    } finally {
      await a.close();
    }
  });
});

describe('SmartBill config', () => {
  it('refuses to start without an encryption key outside the sandbox', async () => {
    await assert.rejects(startTestAdapter({ smartbill: { environment: 'production' } }), /smartbill\.encryptionKey/);
    await assert.rejects(
      startTestAdapter({ smartbill: { environment: 'production', encryptionKey: 'short' } }),
      /smartbill\.encryptionKey/,
    );
  });
  it('answers 503 not_configured without a smartbill config', async () => {
    const a = await startTestAdapter({});
    try {
      assert.equal((await errorOf(await a.post('/smartbill/callback', {}))).code, 'not_configured');
    } finally {
      await a.close();
    }
  });
});
