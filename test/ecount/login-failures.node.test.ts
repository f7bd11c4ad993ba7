import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, afterEach, describe, it } from 'node:test';
import { createEcountFake, SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import { resetEcountState } from '../../src/ecount/server/state-store.ts';
import { mockProviders } from '../helpers/adapter.ts';
import { ecountConfig, ENCRYPTION_KEY, type Instances, startInstances, WIDE_LIMITS } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
type ErrorBody = { error: { code: string; message: string } };
type Status = {
  connected: boolean;
  blocked: boolean;
  failures: number;
  lastError: { code: string; ecountCode: number | null; message: { ko: string; en: string } } | null;
};

/**
 * Seed 003's Login error table, written out here independently of the adapter's
 * own table: Error.Code → the stable code the adapter must answer, a phrase of
 * the seed's Korean description, and whether a retry could help.
 */
const LOGIN_TABLE: [number, string, string, boolean][] = [
  [20, 'ecount_invalid_credentials', '올바른', true],
  [21, 'ecount_temporarily_blocked', '임시접속차단', false],
  [22, 'ecount_user_time_restricted', '개인-접속제한시간설정', false],
  [23, 'ecount_company_time_restricted', '회사-접속제한시간설정', false],
  [24, 'ecount_user_ip_blocked', '개인-IP별차단기능', false],
  [25, 'ecount_company_ip_blocked', '회사-IP별차단기능', false],
  [26, 'ecount_app_restricted', '어플리케이션 사용이 제한', false],
  [27, 'ecount_mobile_login_required', '모바일 로그인 허용', false],
  [81, 'ecount_unpaid_blocked', '미수차단', false],
  [82, 'ecount_unpaid_blocked', '미수차단', false],
  [83, 'ecount_unpaid_blocked', '미수차단', false],
  [84, 'ecount_signup_fee_unpaid', '가입비 미수차단', false],
  [85, 'ecount_use_blocked', '사용차단', false],
  [89, 'ecount_withdrawn', '탈퇴처리', false],
  [98, 'ecount_password_locked', '5회 이상', false],
  [99, 'ecount_user_not_found', '존재하지 않습니다', true],
  [201, 'ecount_api_cert_key_invalid', 'API_CERT_KEY가 유효하지 않습니다', false],
  [204, 'ecount_api_cert_key_env_mismatch', '테스트용/실서버용 인증키', false],
];

describe('Ecount: failed logins never approach the IP block', () => {
  let inst: Instances | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });
  after(() => mockProviders());

  it('3 failed logins stop further logins (Ecount counts 3, never 10); the CLI reset resumes them', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(3, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    fake.failLogins(20);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await inst.post(i % 3, '/ecount/connect');
      codes.push(`${res.status} ${((await res.json()) as ErrorBody).error.code}`);
    }
    assert.deepEqual(codes, [
      '502 ecount_invalid_credentials',
      '502 ecount_invalid_credentials',
      '502 ecount_invalid_credentials',
      '503 ecount_login_blocked',
      '503 ecount_login_blocked',
      '503 ecount_login_blocked',
    ]);
    // Many pages at once while blocked: still no login reaches Ecount.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => inst!.post(i % 3, '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus', {})),
    );
    assert.ok(burst.every((r) => r.status === 503));
    assert.equal(fake.calls.failedLogins, 3);
    assert.equal(fake.calls.login, 3);
    assert.equal(fake.ipBlocked(), false);
    const status = (await (await inst.get(1, '/ecount/status')).json()) as Status;
    assert.deepEqual(
      [status.connected, status.blocked, status.failures, status.lastError?.code],
      [false, true, 3, 'ecount_invalid_credentials'],
    );

    // The operator fixes the account, then resets with the CLI command.
    fake.failLogins(undefined);
    const configFile = join(ROOT, '.test-tmp', `ecount-cli-${process.pid}.json`);
    writeFileSync(configFile, JSON.stringify({ store: inst.storeConfig, encryptionKey: ENCRYPTION_KEY, ecount: ecountConfig() }));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'ecount-reset', '--config', configFile, '--company', SANDBOX_ECOUNT.comCode],
        { cwd: ROOT },
      );
      assert.match(stdout, /1 company reset/);
    } finally {
      rmSync(configFile, { force: true });
    }
    const res = await inst.post(2, '/ecount/connect');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Status).connected, true);
    assert.deepEqual([fake.calls.login, fake.calls.failedLogins], [4, 3]);
  });

  it('each seed Login error code maps to its stable code, with Korean and English text; codes no retry can help stop at once', async () => {
    inst = await startInstances(1, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const seenEn = new Set<string>();
    for (const [ecountCode, stable, phrase, retryable] of LOGIN_TABLE) {
      // A fresh fake per code: 18 codes' failures would add up to the fake's IP block (10), as at Ecount.
      const fake = createEcountFake({ limits: WIDE_LIMITS });
      mockProviders(...fake.handlers);
      await resetEcountState(inst.all[0]!.adapter.store, undefined, Date.now());
      fake.failLogins(ecountCode);
      const logins = fake.calls.login;
      const res = await inst.post(0, '/ecount/connect');
      assert.deepEqual([res.status, ((await res.json()) as ErrorBody).error.code], [502, stable], `code ${ecountCode}`);
      const s = (await (await inst.get(0, '/ecount/status')).json()) as Status;
      assert.equal(s.lastError?.code, stable);
      assert.equal(s.lastError?.ecountCode, ecountCode);
      assert.ok(s.lastError?.message.ko.includes(phrase), `${ecountCode}: Korean text "${s.lastError?.message.ko}" has "${phrase}"`);
      assert.match(s.lastError?.message.en ?? '', /^[\x20-\x7e]+$/, `${ecountCode}: English text`);
      seenEn.add(`${stable}:${s.lastError?.message.en}`);
      assert.equal(s.blocked, !retryable, `${ecountCode}: ${retryable ? 'may retry' : 'stops at once'}`);
      const again = await inst.post(0, '/ecount/connect');
      assert.equal(((await again.json()) as ErrorBody).error.code, retryable ? stable : 'ecount_login_blocked');
      assert.equal(fake.calls.login - logins, retryable ? 2 : 1);
    }
    assert.equal(new Set(LOGIN_TABLE.map((r) => r[1])).size, seenEn.size, 'one English text per stable code');
  });

  for (const [comCode, ecountCode] of [
    ['99999', 100],
    ['ZN201', 201],
  ] as const) {
    it(`Zone: an unknown company (Status 500, code ${ecountCode}) is ecount_zone_not_found and stops at once`, async () => {
      const fake = createEcountFake({ limits: WIDE_LIMITS });
      mockProviders(...fake.handlers);
      inst = await startInstances(1, { ecount: ecountConfig({ comCode, limits: WIDE_LIMITS }) });
      const res = await inst.post(0, '/ecount/connect');
      assert.deepEqual([res.status, ((await res.json()) as ErrorBody).error.code], [502, 'ecount_zone_not_found']);
      const s = (await (await inst.get(0, '/ecount/status')).json()) as Status;
      assert.deepEqual([s.blocked, s.lastError?.ecountCode], [true, ecountCode]);
      assert.match(s.lastError?.message.ko ?? '', /Zone 정보가 없습니다/);
      assert.match(s.lastError?.message.en ?? '', /zone/);
      assert.equal(((await (await inst.post(0, '/ecount/connect')).json()) as ErrorBody).error.code, 'ecount_login_blocked');
      assert.deepEqual([fake.calls.zone, fake.calls.login], [1, 0]);
    });
  }
});
