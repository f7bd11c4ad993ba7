import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startTestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

const KEY = Buffer.alloc(32, 9).toString('base64');
const FORM = {
  pComRegNo: '1208147521',
  pComName: '주식회사 둘',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울 강남구',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-two',
};

it('a long-poll on one adapter instance sees a callback that reached another instance sharing the store', async () => {
  const smartbill = { environment: 'production', encryptionKey: KEY, longPollMs: 10_000, callbackIpAllowList: { enabled: false } } as const;
  const a = await startTestAdapter({ smartbill });
  const b = await startTestAdapter({ smartbill, store: a.storeConfig });
  try {
    const auth = await authHeader();
    const created = (await (await a.post('/smartbill/signups', { env: 'production', form: FORM }, auth)).json()) as {
      id: string;
      token: string;
    };
    const waiting = a
      .call(`/smartbill/signups/${created.id}?token=${created.token}&wait=10000`, { headers: auth })
      .then((r) => r.json() as Promise<{ status: string; SBID: string }>);
    const res = await b.post('/smartbill/callback', {
      COM_REGNO: '1208147521',
      AUTH_TOKEN: 'token-instances-0123456789abcdef',
      AUTH_CODE: 'code-instances-0123456789',
      pID: 'erp-two',
      SBID: 'sb_two',
      regYn: 'Y',
    });
    assert.equal(res.status, 200);
    const done = await waiting;
    assert.deepEqual([done.status, done.SBID], ['completed', 'sb_two']);
  } finally {
    await new Promise<void>((ok) => b.server.close(() => ok())); // keeps the shared store file
    await b.adapter.close();
    await a.close();
  }
});
