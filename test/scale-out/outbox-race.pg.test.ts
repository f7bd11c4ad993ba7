// The webhook outbox on PostgreSQL with two adapter processes racing for every row
// (each commit wakes both delivery loops through LISTEN/NOTIFY): each event reaches
// the ERP's endpoint exactly once, whichever instance enqueued it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mintTestToken } from '../helpers/auth.ts';
import { freshTestStore, openTestStore, type TestStore } from '../helpers/store.ts';
import { type Cluster, httpJson, startCluster, startIamportStub } from './cluster.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from './proxy.ts';
import { selfSignedLoopbackCert } from './tls.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

const EVENTS = 200;
const LANES = 8;
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook outbox: 2 adapter instances on one PostgreSQL race for each event', { timeout: 180_000 }, () => {
  let store: TestStore;
  let stub: Awaited<ReturnType<typeof startIamportStub>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let cluster: Cluster;
  let proxy: RoundRobinProxy;
  const verified: string[] = [];

  before(async () => {
    store = await freshTestStore('postgres');
    stub = await startIamportStub();
    const tls = selfSignedLoopbackCert();
    receiver = await startWebhookReceiver(tls, SECRET, () => cluster.instances.map((a) => a.child.pid!));
    cluster = await startCluster(
      2,
      {
        store: store.config,
        iamport: { impKey: 'race-imp-key', impSecret: 'race-imp-secret-0123456789', apiBase: stub.url },
        webhooks: { endpoints: [{ url: receiver.url, secret: SECRET }], timeoutMs: 10_000 },
      },
      { NODE_EXTRA_CA_CERTS: tls.certFile }, // https only outside the sandbox: the adapters trust the test's certificate
    );
    proxy = await startRoundRobinProxy(cluster.instances.map((a) => a.url));
    // Verifications alternate between the instances; each commits one iamport.certification.verified event.
    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let k = next++; k < EVENTS; k = next++) {
          const impUid = `imp_race${String(k).padStart(6, '0')}`;
          const auth = { authorization: `Bearer ${await mintTestToken({ scope: 'iamport:certify' })}` };
          const res = await httpJson('POST', `${proxy.url}/iamport/certifications`, {
            body: { imp_uid: impUid, merchant_uid: `m_${impUid}` },
            headers: auth,
          });
          if (res.status === 201) verified.push(impUid);
        }
      }),
    );
    // Every event delivered (generous: a loaded machine), then a while longer for any second delivery to show.
    const deadline = Date.now() + 60_000;
    while (new Set(receiver.deliveries.map((d) => d.id)).size < verified.length && Date.now() < deadline) await sleep(100);
    await sleep(1_500);
  });

  after(async () => {
    await proxy?.close();
    await cluster?.stop();
    await receiver?.close();
    stub?.stop();
    await store?.drop();
  });

  it('every event in the outbox reached the endpoint exactly once, signed, and is marked delivered', async () => {
    assert.equal(verified.length, EVENTS);
    assert.deepEqual(receiver.rejected, [], 'every delivery verified with standardwebhooks');
    const db = openTestStore(store.config);
    try {
      const rows = await db.all<{ id: string; status: string }>(`SELECT id, status FROM webhook_outbox`);
      assert.equal(rows.length, EVENTS, 'one outbox row per verification');
      assert.deepEqual(
        rows.filter((r) => r.status !== 'delivered').map((r) => `${r.id} ${r.status}`),
        [],
      );
      const counts = new Map<string, number>();
      for (const d of receiver.deliveries) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
      assert.deepEqual(twice, [], 'no event delivered twice');
      assert.deepEqual([...counts.keys()].sort(), rows.map((r) => r.id).sort(), 'the delivered ids are the outbox ids');
    } finally {
      await db.close();
    }
  });

  it('both instances delivered (they raced for the rows, neither sat idle)', (t) => {
    const pids = cluster.instances.map((a) => a.child.pid!);
    const per = pids.map((pid) => receiver.deliveries.filter((d) => d.senderPid === pid).length);
    t.diagnostic(`deliveries per instance: ${per.join(' / ')} (unknown sender: ${receiver.deliveries.filter((d) => !d.senderPid).length})`);
    for (const [i, n] of per.entries()) assert.ok(n > 0, `instance ${i} delivered ${n}`);
    assert.equal(per[0]! + per[1]!, receiver.deliveries.length, 'every delivery came from one of the two instances');
  });
});
