// The scale-out proof (issue 13 item 4), run by `npm test` in its PostgreSQL step:
// three adapter processes on one PostgreSQL behind a round-robin proxy; 300 SmartBill
// signups whose long-poll and callback land on different instances, 300 Iamport
// verifications, and one instance killed with SIGKILL half-way through.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isBusinessNumber } from '../../src/core/shared/validators.ts';
import { mintTestToken, TEST_SERVER_KEY } from '../helpers/auth.ts';
import { freshTestStore, type TestStore } from '../helpers/store.ts';
import { type Cluster, httpJson, type HttpAnswer, startCluster, startIamportStub } from './cluster.ts';
import { AVOID, type RoundRobinProxy, SERVED_BY, startRoundRobinProxy } from './proxy.ts';

const SIGNUPS = 300;
const VERIFICATIONS = 300;
// Concurrency on the client side: enough to keep every instance busy, little enough for a shared 2-core machine.
const SIGNUP_LANES = 8;
const VERIFY_LANES = 4;
/** The victim dies once this many callbacks were answered 2xx. */
const KILL_AFTER = 150;
const VICTIM = 1;
/** The correctness bound on the cross-instance wake path (LISTEN/NOTIFY), per long-poll. */
const WAKE_BOUND_MS = 1000;

function businessNumbers(count: number): string[] {
  const out: string[] = [];
  for (let n = 220_000_000; out.length < count; n++) {
    for (let d = 0; d < 10; d++) {
      if (isBusinessNumber(`${n}${d}`)) {
        out.push(`${n}${d}`);
        break;
      }
    }
  }
  return out;
}

const form = (com: string, pID: string) => ({
  pComRegNo: com,
  pComName: '주식회사 스케일',
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
  pID,
});

interface Flow {
  com: string;
  /** Instances that served the long-poll and the acknowledged callback. */
  pollOn?: number;
  callbackOn?: number;
  callbackAt?: number;
  answeredAt?: number;
  status?: string;
  /** Why the wake could not be measured (a request hit the killed instance). */
  disrupted?: string;
}

describe('3 adapter instances on one PostgreSQL behind a round-robin proxy', { timeout: 300_000 }, () => {
  let store: TestStore;
  let stub: Awaited<ReturnType<typeof startIamportStub>>;
  let cluster: Cluster;
  let proxy: RoundRobinProxy;
  const flows: Flow[] = [];
  const acknowledged: string[] = [];
  const verified: string[] = [];
  const verifyFailures: string[] = [];
  let killedAt = 0;

  const via = (path: string) => `${proxy.url}${path}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => httpJson('POST', via(path), { body, headers });
  const tryCall = (p: Promise<HttpAnswer>) => p.catch((err: Error) => ({ status: 0, headers: {}, body: err.message }) as HttpAnswer);

  const kill = () => {
    if (killedAt) return;
    killedAt = Date.now();
    cluster.instances[VICTIM]!.child.kill('SIGKILL');
  };

  async function signupFlow(k: number, com: string): Promise<void> {
    const flow: Flow = { com };
    flows.push(flow);
    const auth = { authorization: `Bearer ${await mintTestToken({ com, scope: 'smartbill:signup', sub: `user-${k}` })}` };
    const reg = await tryCall(post('/smartbill/signups', { env: 'demo', form: form(com, `p${k}`) }, auth));
    if (reg.status !== 201) {
      flow.disrupted = `registration answered ${reg.status}`;
      return;
    }
    const { id, token } = reg.body as { id: string; token: string };
    const flowId = `flow-${k}`;
    const poll = tryCall(
      httpJson('GET', via(`/smartbill/signups/${id}?token=${token}&wait=20000`), { headers: { ...auth, 'x-flow-id': flowId } }),
    );
    const pollOn = await Promise.race([proxy.routed(flowId), poll.then(() => undefined)]);
    if (pollOn === undefined) {
      flow.disrupted = 'the long-poll ended before it was routed';
      return;
    }
    flow.pollOn = pollOn;
    // The long-poll is parked on its instance (that instance's own signal), so the callback elsewhere must wake it.
    const parked = cluster.instances[pollOn]!.logged(
      `flow ${k}: its long-poll waits`,
      (r) => r.msg === 'long-poll waiting' && r.attempt === id,
      30_000,
    );
    const parkedFirst = await Promise.race([parked.then(() => true), poll.then(() => false)]);
    parked.catch(() => undefined); // the poll ended first (its instance was killed): reported below
    if (!parkedFirst) {
      flow.disrupted = 'the long-poll ended before it waited';
      return;
    }
    // SmartBill's callback, on another instance; a callback that failed (the killed instance) is sent again, as a retry would.
    for (let attempt = 0; attempt < 3 && flow.callbackAt === undefined; attempt++) {
      const cb = await tryCall(
        post(
          '/smartbill/callback',
          {
            COM_REGNO: com,
            AUTH_TOKEN: `T-${com}-${'x'.repeat(40)}`,
            AUTH_CODE: `C${com}${'y'.repeat(21)}`,
            pID: `p${k}`,
            SBID: `sb${com}`,
            regYn: 'Y',
          },
          { [AVOID]: String(pollOn) },
        ),
      );
      if (cb.status >= 200 && cb.status < 300) {
        flow.callbackAt = Date.now();
        flow.callbackOn = Number(cb.headers[SERVED_BY]);
        acknowledged.push(com);
        if (acknowledged.length === KILL_AFTER) kill();
      }
    }
    const res = await poll;
    flow.answeredAt = Date.now();
    if (flow.callbackAt === undefined) {
      flow.disrupted = 'no callback was acknowledged';
      return;
    }
    if (res.status !== 200) {
      flow.disrupted = `the long-poll answered ${res.status || (res.body as string)}`;
      return;
    }
    flow.status = (res.body as { status: string }).status;
  }

  async function verifyOne(k: number): Promise<void> {
    const impUid = `imp_scale${String(k).padStart(6, '0')}`;
    const auth = { authorization: `Bearer ${await mintTestToken({ scope: 'iamport:certify', sub: `user-v${k}` })}` };
    const res = await tryCall(post('/iamport/certifications', { imp_uid: impUid, merchant_uid: `m_${impUid}` }, auth));
    if (res.status === 201) verified.push(impUid);
    else verifyFailures.push(`${impUid}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  before(async () => {
    store = await freshTestStore('postgres');
    stub = await startIamportStub();
    cluster = await startCluster(3, {
      // Logs on: each instance's "long-poll waiting" line is the signal a flow waits for before its callback.
      log: 'info',
      store: store.config,
      iamport: { impKey: 'scale-imp-key', impSecret: 'scale-imp-secret-0123456789', apiBase: stub.url },
      smartbill: { environment: 'demo', callbackIpAllowList: { enabled: false }, longPollMs: 20_000 },
    });
    proxy = await startRoundRobinProxy(cluster.instances.map((a) => a.url));

    const numbers = businessNumbers(SIGNUPS);
    let nextSignup = 0;
    let nextVerify = 0;
    await Promise.all([
      ...Array.from({ length: SIGNUP_LANES }, async () => {
        for (let k = nextSignup++; k < SIGNUPS; k = nextSignup++) await signupFlow(k, numbers[k]!);
      }),
      ...Array.from({ length: VERIFY_LANES }, async () => {
        for (let k = nextVerify++; k < VERIFICATIONS; k = nextVerify++) await verifyOne(k);
      }),
    ]);
  });

  after(async () => {
    await proxy?.close();
    await cluster?.stop();
    stub?.stop();
    await store?.drop();
  });

  it('spread the work over all three instances, and one of them was killed with SIGKILL half-way', async () => {
    assert.ok(killedAt, `the kill happened (${acknowledged.length} callbacks acknowledged)`);
    const victim = cluster.instances[VICTIM]!.child;
    if (victim.exitCode === null && !victim.signalCode) await new Promise((r) => victim.once('exit', r));
    assert.equal(victim.signalCode, 'SIGKILL');
    for (const [i, n] of proxy.forwarded.entries()) assert.ok(n > 50, `instance ${i} served ${n} requests`);
    const afterKill = flows.filter((f) => f.callbackAt && f.callbackAt > killedAt).length;
    assert.ok(afterKill >= 50, `${afterKill} callbacks were acknowledged after the kill`);
  });

  it('every long-poll woke within 1 s of its callback being answered by another instance', (t) => {
    const measured = flows.filter((f) => !f.disrupted);
    const disrupted = flows.filter((f) => f.disrupted);
    assert.equal(flows.length, SIGNUPS);
    // Only requests in flight on the killed instance are disrupted.
    assert.ok(disrupted.length <= SIGNUP_LANES * 2, `disrupted: ${disrupted.map((f) => f.disrupted).join('; ')}`);
    const late: string[] = [];
    for (const f of measured) {
      assert.equal(f.status, 'completed', `${f.com}: ${f.status}`);
      assert.notEqual(f.pollOn, undefined);
      assert.ok(f.callbackOn !== undefined && f.callbackOn !== f.pollOn, `${f.com}: callback on ${f.callbackOn}, long-poll on ${f.pollOn}`);
      const wake = f.answeredAt! - f.callbackAt!;
      if (wake >= WAKE_BOUND_MS) late.push(`${f.com} ${wake} ms`);
    }
    const wakes = measured.map((f) => f.answeredAt! - f.callbackAt!).sort((a, b) => a - b);
    t.diagnostic(
      `${measured.length} long-polls measured (${disrupted.length} disrupted by the kill): wake after the callback's answer ` +
        `median ${wakes[wakes.length >> 1]} ms, slowest ${wakes.slice(-3).join(', ')} ms`,
    );
    assert.deepEqual(late, [], `${late.length} of ${measured.length} long-polls woke late`);
  });

  it('Iamport: every verification answered, with one token request in total at the upstream', async (t) => {
    // Only verifications in flight on the killed instance may have failed (the proxy's 502).
    assert.ok(
      verifyFailures.every((f) => / (0|502) /.test(f)),
      verifyFailures.join('\n'),
    );
    assert.ok(verifyFailures.length <= VERIFY_LANES, verifyFailures.join('\n'));
    assert.equal(verified.length + verifyFailures.length, VERIFICATIONS);
    const calls = await stub.calls();
    assert.equal(calls.getToken, 1, 'one getToken over three instances');
    assert.ok(calls.certification >= verified.length);
    t.diagnostic(`${verified.length} verified, ${verifyFailures.length} failed on the killed instance; upstream: ${JSON.stringify(calls)}`);
  });

  it('nothing answered 2xx is lost: every acknowledged callback and verification is readable through the server API', async () => {
    const server = { authorization: `Bearer ${TEST_SERVER_KEY}` };
    const missing: string[] = [];
    for (const com of acknowledged) {
      const res = await httpJson('GET', via(`/server/smartbill/credentials/${com}`), { headers: server });
      if (res.status !== 200 || (res.body as { SBID?: string }).SBID !== `sb${com}`) missing.push(`callback ${com}: ${res.status}`);
    }
    for (const impUid of verified) {
      const res = await httpJson('GET', via(`/server/iamport/certifications/${impUid}`), { headers: server });
      if (res.status !== 200) missing.push(`verification ${impUid}: ${res.status}`);
    }
    assert.ok(acknowledged.length >= SIGNUPS - SIGNUP_LANES * 2, `${acknowledged.length} callbacks acknowledged`);
    assert.deepEqual(missing, []);
  });
});
