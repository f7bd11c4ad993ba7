import { createCrypto } from '../../src/core/server/crypto.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import type { TestAdapter } from './adapter.ts';

/** A signup attempt for COM_REGNO + pID registered by the ERP user `sub`, so a callback for them is matched. */
export function registerAttempt(adapter: TestAdapter, key: string, o: { com: string; pID: string; sub: string }) {
  return new SmartbillSignupStore(adapter.adapter.store, createCrypto({ key })).createAttempt(
    { env: 'demo', comRegNo: o.com, pID: o.pID, sub: o.sub },
    Date.now(),
  );
}

/** The server API's JSON answer, with the status. */
export async function serverJson<T = Record<string, unknown>>(
  adapter: TestAdapter,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await adapter.serverApi(method, path, body === undefined ? {} : { body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A valid SmartBill signup form (POST /smartbill/signups' `form`) for this company and ERP user id (pID). */
export const signupForm = (com: string, pID: string) => ({
  pComRegNo: com,
  pComName: '테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '010-1111-1111',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID,
});
