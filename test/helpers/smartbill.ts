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
