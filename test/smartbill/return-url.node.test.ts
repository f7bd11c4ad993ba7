import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

const ORIGIN = 'https://erp.example.com';
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
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};

describe('SmartBill same-window flow: the adapter return link', () => {
  let adapter: TestAdapter;
  let auth: Record<string, string>;
  const register = (returnUrl?: string, origin = ORIGIN) =>
    adapter.post('/smartbill/signups', { env: 'production', form: FORM, returnUrl }, { Origin: origin, ...auth });

  before(async () => {
    auth = await authHeader();
    adapter = await startTestAdapter({
      allowedOrigins: [ORIGIN, 'https://other-erp.example.com'],
      smartbill: { environment: 'production', encryptionKey: Buffer.alloc(32, 9).toString('base64') },
    });
  });
  after(() => adapter.close());

  it('leads back (303) to the ERP page that registered the attempt', async () => {
    const res = await register(`${ORIGIN}/erp/tax/smartbill?tab=signup`);
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    const back = await adapter.call(`/smartbill/signups/${id}/return`, { redirect: 'manual' });
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), `${ORIGIN}/erp/tax/smartbill?tab=signup`);
  });

  it('refuses a return page on an origin that is neither the page’s own nor allowed (no open redirect)', async () => {
    for (const url of ['https://evil.example/phish', 'javascript:alert(1)', '/relative', 'ftp://erp.example.com/x']) {
      const res = await register(url);
      assert.equal(res.status, 400, url);
      assert.equal((await errorOf(res)).code, 'invalid_return_url', url);
    }
    // Another allowed origin is fine.
    assert.equal((await register('https://other-erp.example.com/back')).status, 201);
  });

  it('answers 404 for an attempt without a return page or an unknown id', async () => {
    const { id } = (await (await register()).json()) as { id: string };
    assert.equal((await adapter.call(`/smartbill/signups/${id}/return`, { redirect: 'manual' })).status, 404);
    assert.equal(
      (await adapter.call('/smartbill/signups/0f8fad5b-d9cb-469f-a165-70867728950e/return', { redirect: 'manual' })).status,
      404,
    );
    assert.equal((await adapter.call('/smartbill/signups/not-an-id/return', { redirect: 'manual' })).status, 404);
  });
});
