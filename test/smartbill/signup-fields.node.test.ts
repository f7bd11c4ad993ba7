import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkSignup } from '../../src/smartbill/shared/schema.ts';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

/** Seed 000's parameter table, copied here by hand (not from the code): name, Type(max). */
const SEED_TABLE: [string, number][] = [
  ['pComRegNo', 10],
  ['pComName', 200],
  ['pComPresident', 100],
  ['pComBizStatus', 100],
  ['pComBizClass', 100],
  ['pZipCode', 5],
  ['pComAddress', 300],
  ['pMIGRATIONFLAG', 50],
  ['pMemName', 100],
  ['pMemTel', 40],
  ['pMemHP', 40],
  ['pMemFax', 40],
  ['pMemEmail', 100],
  ['pMasterYN', 1],
  ['pID', 50],
];

const FORM: Record<string, string> = {
  pComRegNo: '1208147521',
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
  pMemFax: '02-2222-2222',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};

/**
 * A well-formed value of exactly `len` characters. Free text is Hangul, so a limit counted in UTF-8 or EUC-KR bytes
 * would refuse it (the seed does not say which; we count characters). A phone is padded with spaces before its
 * extension: no real number is 40 characters long, but the limit is what is tested here.
 */
function valueOf(name: string, len: number): string {
  const fit = (head: string, tail: string, pad: string) => head + pad.repeat(Math.max(0, len - head.length - tail.length)) + tail;
  switch (name) {
    case 'pComRegNo':
      return len === 10 ? '1208147521' : '1'.repeat(len);
    case 'pZipCode':
      return '0'.repeat(len);
    case 'pMasterYN':
      return 'Y'.repeat(len);
    case 'pMemEmail':
      return fit('', '@example.com', 'a');
    case 'pMemTel':
    case 'pMemHP':
    case 'pMemFax':
      return fit('02-1234-5678', '내선 123', ' ');
    default:
      return '가'.repeat(len);
  }
}

describe("SmartBill signup: all 15 parameters' maximum lengths (seed 000)", () => {
  let adapter: TestAdapter;
  let sandbox: TestAdapter;
  let AUTH: Record<string, string> = {};
  before(async () => {
    AUTH = await authHeader();
    adapter = await startTestAdapter({
      smartbill: {
        environment: 'production',
        encryptionKey: Buffer.alloc(32, 3).toString('base64'),
        callbackIpAllowList: { enabled: false },
      },
    });
    sandbox = await startTestAdapter({ sandbox: true });
  });
  after(async () => {
    await adapter.close();
    await sandbox.close();
  });

  const register = (form: Record<string, string>) => adapter.post('/smartbill/signups', { env: 'production', form }, AUTH);
  /** What the fake SmartBill page (info_inpt01.aspx) says to the form, as the popup would post it. */
  const postToFake = (form: Record<string, string>) =>
    sandbox.call('/sandbox/smartbill/xMain/mb/shar_transfer/info_inpt01.aspx', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(form).toString(),
    });

  it("the shared schema has the seed's maximum for each of the 15, counted in characters", () => {
    for (const [name, max] of SEED_TABLE) {
      const at = valueOf(name, max);
      assert.equal(at.length, max, name);
      assert.equal(checkSignup({ ...FORM, [name]: at }, 'production').errors?.[name], undefined, `${name} at ${max}`);
      assert.equal(
        checkSignup({ ...FORM, [name]: valueOf(name, max + 1) }, 'production').errors?.[name],
        'too_long',
        `${name} at ${max + 1}`,
      );
    }
  });

  for (const [name, max] of SEED_TABLE) {
    it(`${name}: ${max} accepted, ${max + 1} refused, by the adapter and by the fake SmartBill`, async () => {
      const at = { ...FORM, [name]: valueOf(name, max) };
      const over = { ...FORM, [name]: valueOf(name, max + 1) };
      assert.equal((await register(at)).status, 201, 'adapter, at the maximum');
      const err = await errorOf(await register(over));
      assert.deepEqual([err.status, err.code], [400, 'invalid_request']);
      assert.equal(err.message, `${name}: At most ${max} characters.`);

      const fakeAt = await postToFake(at);
      assert.equal(fakeAt.status, 200, `the fake takes ${name} at ${max}: ${await fakeAt.clone().text()}`);
      assert.match(await fakeAt.text(), new RegExp(`data-field="${name}">${at[name]!.trim().slice(0, 5)}`));
      const fakeOver = await postToFake(over);
      assert.equal(fakeOver.status, 400, `the fake refuses ${name} at ${max + 1}`);
      assert.match(await fakeOver.text(), new RegExp(`${name} \\(최대 ${max}자\\)`));
    });
  }

  it('the fake also refuses a missing required field and a phone without a dash, as the seed says', async () => {
    const res = await postToFake({ ...FORM, pComName: '', pMemTel: '0211111111' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /pComName \(필수\), pMemTel \(- 포함\)/);
  });
});

describe('SmartBill signup: phone numbers "(-포함)"', () => {
  const phone = (v: string) => checkSignup({ ...FORM, pMemTel: v, pMemHP: v, pMemFax: v }, 'production').errors;
  for (const v of [
    '02-1111-1111',
    '010-1234-5678',
    '1588-1234',
    '031-234-5678',
    '+82-2-1234-5678',
    '02-1234-5678 내선 123',
    '02-1234-5678 ext. 12',
    '02-1234-5678 #7',
  ]) {
    it(`accepts ${v}`, () => assert.equal(phone(v), undefined));
  }
  for (const v of ['0211111111', '02-11', '010', '02 1234 5678', '02-1234-5678-', '1234-5678-1234-5678', '02-1234-5678 내선']) {
    it(`refuses ${v}`, () => assert.deepEqual(phone(v), { pMemTel: 'phone', pMemHP: 'phone', pMemFax: 'phone' }));
  }
});
