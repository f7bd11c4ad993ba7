import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startTestAdapter } from '../helpers/adapter.ts';
import { testStoreKind } from '../helpers/store.ts';
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
    let answeredAt = 0;
    const waiting = a.call(`/smartbill/signups/${created.id}?token=${created.token}&wait=10000`, { headers: auth }).then((r) => {
      answeredAt = Date.now();
      return r.json() as Promise<{ status: string; SBID: string }>;
    });
    // The poll is parked on instance a (its server-side signal), so the callback on b must wake it across instances.
    await a.logged('the long-poll waits', (r) => r.msg === 'long-poll waiting' && r.attempt === created.id);
    const res = await b.post('/smartbill/callback', {
      COM_REGNO: '1208147521',
      AUTH_TOKEN: 'token-instances-0123456789abcdef',
      AUTH_CODE: 'code-instances-0123456789',
      pID: 'erp-two',
      SBID: 'sb_two',
      regYn: 'Y',
    });
    assert.equal(res.status, 200);
    const storedAt = Date.now();
    const done = await waiting;
    assert.deepEqual([done.status, done.SBID], ['completed', 'sb_two']);
    // Woken by a store notification, not by the 10 s timeout: at once on PostgreSQL (LISTEN/NOTIFY);
    // on SQLite by the one shared re-read per second for other processes/handles on the file.
    const limit = testStoreKind === 'postgres' ? 1000 : 2500;
    assert.ok(answeredAt - storedAt < limit, `answered ${answeredAt - storedAt} ms after the callback was stored`);
  } finally {
    await new Promise<void>((ok) => b.server.close(() => ok())); // keeps the shared store file
    await b.adapter.close();
    await a.close();
  }
});
