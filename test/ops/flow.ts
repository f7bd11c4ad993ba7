import { SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import type { TestAdapter } from '../helpers/adapter.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';
import { signupForm } from '../helpers/smartbill.ts';

/** A second company whose Ecount zone lookup fails (the fake's documented `ZN201`): its logins stop after one failure. */
export const BROKEN_COM = '1111111119';
/** A page token's user: must never show up in a metric label. */
export const FLOW_SUB = 'user-4711';
export const FLOW_MERCHANT_UID = 'order-20261203-0042';

/** Ecount with one working company (the sandbox's) and one whose logins get stopped. */
export const flowEcountConfig = {
  environment: 'test' as const,
  maxLoginFailures: 1,
  companies: [
    { com: TEST_COM, comCode: SANDBOX_ECOUNT.comCode, userId: SANDBOX_ECOUNT.userId, apiCertKey: SANDBOX_ECOUNT.apiCertKey },
    { com: BROKEN_COM, comCode: 'ZN201', userId: 'BROKEN', apiCertKey: 'broken-company-key-1234' },
  ],
};

/**
 * A scripted run over a sandboxed adapter's browser routes, as pages would make
 * it: an Iamport check of an unknown imp_uid (the fake refuses), Ecount connects
 * for a working and a broken company (whose logins stop, sending two webhooks), a
 * SmartBill signup whose status is long-polled (`poll`, left open for the caller).
 */
export async function runFlow(a: TestAdapter): Promise<{ poll: Promise<number>; pollUrl: string }> {
  const auth = await authHeader({ sub: FLOW_SUB });
  const iamport = await a.post('/iamport/certifications', { imp_uid: 'imp_448812345678', merchant_uid: FLOW_MERCHANT_UID }, auth);
  await iamport.body?.cancel();
  const ok = await a.post('/ecount/connect', {}, auth);
  if (ok.status !== 200) throw new Error(`ecount connect: ${ok.status} ${await ok.text()}`);
  const broken = await a.post('/ecount/connect', {}, await authHeader({ sub: FLOW_SUB, com: BROKEN_COM }));
  if (broken.status !== 502) throw new Error(`broken ecount connect: ${broken.status} ${await broken.text()}`);
  const signup = await a.post('/smartbill/signups', { env: 'demo', form: signupForm(TEST_COM, FLOW_SUB) }, auth);
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const { id, token } = (await signup.json()) as { id: string; token: string };
  const pollUrl = `/smartbill/signups/${id}?token=${token}&wait=20000`;
  const poll = a.call(pollUrl, { headers: auth }).then(async (r) => {
    await r.body?.cancel();
    return r.status;
  });
  return { poll, pollUrl };
}
