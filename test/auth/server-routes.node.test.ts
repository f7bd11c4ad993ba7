import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';

const KEY = Buffer.alloc(32, 5).toString('base64');
const FORM = {
  pComRegNo: TEST_COM,
  pComName: '주식회사 테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-9',
};

describe('server API routes for the ERP backend', () => {
  let adapter: TestAdapter;
  const fake = createIamportFake();
  before(async () => {
    mockProviders(...fake.handlers);
    adapter = await startTestAdapter({
      iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret },
      smartbill: { environment: 'production', encryptionKey: KEY, longPollMs: 0, callbackIpAllowList: { enabled: false } },
    });
  });
  after(() => adapter.close());

  const creds = async (query = '') => adapter.serverApi('GET', `/smartbill/credentials/${TEST_COM}${query}`);

  it('GET /server/smartbill/credentials: a matched callback is readable; an unmatched one never replaces it (issue 9 item 2)', async () => {
    assert.equal((await errorOf(await creds())).code, 'not_found');
    const auth = await authHeader({ sub: 'kim' });
    assert.equal((await adapter.post('/smartbill/signups', { env: 'production', form: FORM }, auth)).status, 201);
    const matched = {
      COM_REGNO: TEST_COM,
      AUTH_TOKEN: 'matched-token-0123456789',
      AUTH_CODE: 'MATCHEDCODE0123456789',
      pID: 'erp-user-9',
      SBID: 'sb_kim',
      regYn: 'Y',
    };
    assert.equal((await adapter.post('/smartbill/callback', matched)).status, 200);
    const got = (await (await creds()).json()) as Record<string, unknown>;
    assert.deepEqual([got.AUTH_TOKEN, got.AUTH_CODE, got.SBID, got.matched], [matched.AUTH_TOKEN, matched.AUTH_CODE, 'sb_kim', true]);

    for (const stranger of [
      { ...matched, AUTH_TOKEN: 'stranger-token-0123456789', AUTH_CODE: 'STRANGERCODE012345', pID: 'someone-else', SBID: 'sb_x' },
      {
        COM_REGNO: TEST_COM,
        USER_AUTH_TOKEN: 'legacy-token-0123456789',
        USER_AUTH_CODE: 'LEGACYCODE0123',
        USER_SBID: 'sb_legacy',
        regYn: 'Y',
      },
    ]) {
      assert.equal((await adapter.post('/smartbill/callback', stranger)).status, 200);
      const after = (await (await creds()).json()) as Record<string, unknown>;
      assert.deepEqual([after.AUTH_TOKEN, after.matched], [matched.AUTH_TOKEN, true], 'matched credentials kept');
    }
    assert.equal((await creds('?sbid=sb_kim')).status, 200);
    assert.equal((await errorOf(await creds('?sbid=sb_other'))).code, 'not_found');
  });

  it('PUT /server/smartbill/credentials stores credentials entered by hand', async () => {
    const put = await adapter.serverApi('PUT', `/smartbill/credentials/1111111119?sbid=sb_hand`, {
      body: { AUTH_CODE: 'HANDCODE0123456789', AUTH_TOKEN: 'hand-token-0123456789' },
    });
    assert.equal(put.status, 204);
    const got = (await (await adapter.serverApi('GET', '/smartbill/credentials/1111111119')).json()) as Record<string, unknown>;
    assert.deepEqual([got.AUTH_TOKEN, got.SBID, got.matched], ['hand-token-0123456789', 'sb_hand', true]);
  });

  it('GET /server/iamport/certifications/:imp_uid: the verified result with the stored fields and who asked', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-srv-1' });
    const auth = await authHeader({ sub: 'lee' });
    assert.equal((await adapter.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'order-srv-1' }, auth)).status, 201);
    const res = await adapter.serverApi('GET', `/iamport/certifications/${cert.imp_uid}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual([body.imp_uid, body.merchant_uid, body.sub, body.com], [cert.imp_uid, 'order-srv-1', 'lee', TEST_COM]);
    assert.ok('unique_key' in body, 'the configured fields (CI) are readable server-side');
    assert.equal((await errorOf(await adapter.serverApi('GET', '/iamport/certifications/imp_000000000000'))).code, 'not_found');
    assert.equal(
      (
        await errorOf(
          await adapter.serverApi('GET', `/iamport/certifications/${cert.imp_uid}`, { key: 'wrong-key-000000000000000000000000000' }),
        )
      ).code,
      'server_key_invalid',
    );
  });
});
