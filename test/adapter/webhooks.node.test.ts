import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { http, HttpResponse } from 'msw';
import { parseConfig } from '../../src/server.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { providers } from '../../src/providers.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';
import { type Hit, startReceiver } from '../helpers/receiver.ts';
import { assertDocumentedEvent, documentedFieldTypes, documentedWebhookEvents } from '../helpers/webhook-events.ts';

const ORIGIN = 'https://erp.example.com';
const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
const NEXT_SECRET = `whsec_${Buffer.alloc(32, 6).toString('base64')}`;
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
  pMemHP: '010-1111-1111',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};
let n = 0;

/** A sandboxed adapter (http endpoints allowed) sending to `url`; retries 10 ms apart so the test needs no clock games. */
function adapterFor(url: string, extra: { now?: () => number; secret?: string | string[] } = {}) {
  return startTestAdapter(
    {
      sandbox: true,
      allowedOrigins: [ORIGIN],
      webhooks: { endpoints: [{ url: `${url}/hooks`, secret: extra.secret ?? SECRET }], timeoutMs: 2_000 },
    },
    { now: extra.now, webhooks: { retryBaseMs: 10, pollMs: 50 } },
  );
}

/** Commits a SmartBill signup (attempt + callback): one `smartbill.signup.completed` event. Returns the callback's secrets and the event's data. */
async function completeSignup(adapter: TestAdapter) {
  const AUTH = await authHeader();
  const reg = await adapter.post('/smartbill/signups', { env: 'demo', form: FORM }, { Origin: ORIGIN, ...AUTH });
  assert.equal(reg.status, 201, await reg.clone().text());
  const { id: attemptId } = (await reg.clone().json()) as { id: string };
  const secrets = {
    AUTH_TOKEN: `TOKEN-${process.pid}-${++n}-cnV0Qnp1VjlrZUJuS0OteFZCanU3MkR2bUhRelFTR0hd`,
    AUTH_CODE: `CODE${n}13F89DFEK99D4474A67EABE8F72`,
  };
  const cb = await adapter.post('/smartbill/callback', {
    COM_REGNO: '1208147521',
    ...secrets,
    Email: 'tax@example.com',
    pID: 'erp-user-1',
    SBID: `sb_user${n}`,
    regYn: 'Y',
  });
  assert.equal(cb.status, 200, await cb.clone().text());
  return { ...secrets, expected: { COM_REGNO: '1208147521', SBID: `sb_user${n}`, pID: 'erp-user-1', regYn: 'Y', attemptId } };
}

/** Polls `read` until `done(value)`; gives up (fails) after 30 s so a condition that never comes cannot hang the run. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const giveUp = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > giveUp) throw new Error(`condition never met; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const outbox = (adapter: TestAdapter) =>
  adapter
    .rows<{ id: string; status: string; attempts: number | bigint }>('SELECT id, status, attempts FROM webhook_outbox')
    .then((rows) => rows.map((r) => ({ ...r, attempts: Number(r.attempts) })));

const headersOf = (h: Hit) => ({
  'webhook-id': String(h.headers['webhook-id']),
  'webhook-timestamp': String(h.headers['webhook-timestamp']),
  'webhook-signature': String(h.headers['webhook-signature']),
});

describe('webhooks: signed delivery from the outbox', { timeout: 180_000 }, () => {
  const cleanup: (() => Promise<void>)[] = [];
  // Each adapter's close is bounded by the helper: one that never ends fails here, naming what it left open.
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('a receiver failing 5 times then recovering gets the event once successfully, verified by standardwebhooks; no secret in it', async () => {
    const receiver = await startReceiver((_hit, i) => (i <= 5 ? 503 : 204));
    const adapter = await adapterFor(receiver.url);
    cleanup.push(
      () => adapter.close(),
      () => receiver.close(),
    );

    const secrets = await completeSignup(adapter);
    const [row] = await eventually(
      () => outbox(adapter),
      (rows) => rows[0]?.status === 'delivered',
    );
    assert.equal(row!.attempts, 6);

    assert.deepEqual(
      receiver.hits.map((h) => h.status),
      [503, 503, 503, 503, 503, 204],
    );
    // One event: the same webhook-id every time (the receiver's de-duplication key).
    assert.equal(new Set(receiver.hits.map((h) => h.headers['webhook-id'])).size, 1);
    const ok = receiver.hits[5]!;
    assert.equal(ok.path, '/hooks');
    assert.equal(ok.headers['content-type'], 'application/json');
    const event = new Webhook(SECRET).verify(ok.body, headersOf(ok));
    assert.deepEqual(assertDocumentedEvent(event, 'smartbill.signup.completed'), secrets.expected);
    // Tampering is caught by the same verifier (so the check above means something).
    assert.throws(() => new Webhook(SECRET).verify(ok.body.replace('1208147521', '1208147522'), headersOf(ok)));
    for (const h of receiver.hits) {
      assert.ok(!h.body.includes(secrets.AUTH_TOKEN) && !h.body.includes(secrets.AUTH_CODE), 'no AUTH_TOKEN/AUTH_CODE in a payload');
    }
    // Nothing more arrives after the success (the row is finished).
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(receiver.hits.length, 6);
  });

  it('signs with every secret while rotating: a receiver holding either one verifies', async () => {
    const receiver = await startReceiver(() => 200);
    const adapter = await adapterFor(receiver.url, { secret: [SECRET, NEXT_SECRET] });
    cleanup.push(
      () => adapter.close(),
      () => receiver.close(),
    );
    const { expected } = await completeSignup(adapter);
    await receiver.until((hits) => hits.length === 1);
    const hit = receiver.hits[0]!;
    assert.equal(String(hit.headers['webhook-signature']).split(' ').length, 2);
    for (const s of [SECRET, NEXT_SECRET])
      assert.deepEqual(assertDocumentedEvent(new Webhook(s).verify(hit.body, headersOf(hit)), 'smartbill.signup.completed'), expected);
    assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(hit.body, headersOf(hit)));
  });

  it('never follows a redirect: a 3xx is a failed attempt and the target is never hit', async () => {
    const target = await startReceiver(() => 200);
    const receiver = await startReceiver(() => ({ status: 307, headers: { Location: `${target.url}/stolen` } }));
    const adapter = await adapterFor(receiver.url);
    cleanup.push(
      () => adapter.close(),
      () => receiver.close(),
      () => target.close(),
    );
    await completeSignup(adapter);
    await receiver.until((hits) => hits.length >= 3);
    assert.equal(target.hits.length, 0, 'the redirect target was never contacted');
    const [row] = await adapter.rows<{ status: string; last_status: number; last_error: string }>(
      'SELECT status, last_status, last_error FROM webhook_outbox',
    );
    assert.equal(row!.status, 'pending');
    assert.equal(Number(row!.last_status), 307);
    assert.match(row!.last_error, /redirect/);
  });

  it('gives up after the retry window (dead, listed without secrets), and the retry route sends it again', async () => {
    let offset = 0;
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 500));
    const adapter = await adapterFor(receiver.url, { now: () => Date.now() + offset });
    cleanup.push(
      () => adapter.close(),
      () => receiver.close(),
    );
    await completeSignup(adapter);
    // The first failure is recorded before the clock jumps.
    await eventually(
      () => outbox(adapter),
      (rows) => rows[0]!.attempts >= 1,
    );
    offset = 25 * 3600_000; // a day and an hour later
    type Failed = { id: string; type: string; endpoint: string; attempts: number; lastStatus: number; lastError: string };
    const failed = await eventually(
      async () => ((await (await adapter.serverApi('GET', '/webhooks/failed')).json()) as { failed: Failed[] }).failed,
      (list) => list.length > 0,
    );
    const dead = failed[0]!;
    assert.equal(dead.type, 'smartbill.signup.completed');
    assert.equal(dead.endpoint, `${receiver.url}/hooks`);
    assert.equal(dead.lastStatus, 500);
    assert.ok(dead.attempts >= 2);
    const listed = JSON.stringify(failed);
    assert.ok(!listed.includes(SECRET.slice(6)), 'no signing secret in the list');
    assert.ok(!listed.includes('"body"'), 'no payload in the list');
    const hitsWhenDead = receiver.hits.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(receiver.hits.length, hitsWhenDead, 'a dead delivery is not tried again');

    // Only dead ones are retried; unknown ids are 404.
    assert.equal((await errorOf(await adapter.serverApi('POST', '/webhooks/msg_nope/retry'))).code, 'not_found');
    up = true;
    const retry = await adapter.serverApi('POST', `/webhooks/${dead.id}/retry`);
    assert.equal(retry.status, 202);
    await receiver.until((hits) => hits.some((h) => h.status === 200));
    const ok = receiver.hits.find((h) => h.status === 200)!;
    assert.equal(ok.headers['webhook-id'], dead.id);
    // Signed at the adapter's (shifted) clock: check the signature itself, not the freshness.
    const wh = new Webhook(SECRET);
    const ts = Number(ok.headers['webhook-timestamp']);
    assert.ok(
      String(ok.headers['webhook-signature'])
        .split(' ')
        .includes(wh.sign(dead.id, new Date(ts * 1000), ok.body)),
    );
    await eventually(
      () => outbox(adapter),
      (rows) => rows[0]!.status === 'delivered',
    );
    const again = await errorOf(await adapter.serverApi('POST', `/webhooks/${dead.id}/retry`));
    assert.deepEqual([again.status, again.code], [409, 'webhook_not_dead']);
    assert.deepEqual(((await (await adapter.serverApi('GET', '/webhooks/failed')).json()) as { failed: unknown[] }).failed, []);
  });

  it('the sandbox without endpoints sends to its demo receiver, which checks the signature and lists the event', async () => {
    const adapter = await startTestAdapter({ sandbox: true, allowedOrigins: [ORIGIN] }, { webhooks: { retryBaseMs: 10, pollMs: 50 } });
    cleanup.push(() => adapter.close());
    assert.equal(adapter.adapter.config.webhooks.endpoints.length, 1);
    await completeSignup(adapter);
    const received = await eventually(
      async () =>
        ((await (await adapter.call('/sandbox/webhooks')).json()) as { received: { type: string; verified: boolean }[] }).received,
      (r) => r.length > 0,
    );
    assert.deepEqual(
      received.map((r) => [r.type, r.verified]),
      [['smartbill.signup.completed', true]],
    );
    assert.equal((await outbox(adapter))[0]!.status, 'delivered');
  });

  it('outside the sandbox: an https endpoint gets iamport.certification.verified without CI, DI, name or phone; the dead list hides its query', async () => {
    const fake = createIamportFake();
    const received: { body: string; headers: Record<string, string> }[] = [];
    // The ERP's https endpoint, answered in this process (msw intercepts the adapter's fetch): first with a 500.
    mockProviders(
      ...fake.handlers,
      http.post('https://erp.example/hooks', async ({ request }) => {
        received.push({ body: await request.text(), headers: Object.fromEntries(request.headers) });
        return new HttpResponse(null, { status: received.length === 1 ? 500 : 204 });
      }),
    );
    const adapter = await startTestAdapter(
      {
        allowedOrigins: [ORIGIN],
        iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret },
        webhooks: { endpoints: [{ url: 'https://erp.example/hooks?token=erp-side-secret', secret: SECRET }] },
      },
      { webhooks: { retryBaseMs: 10, pollMs: 50 } },
    );
    cleanup.push(() => adapter.close());
    const cert = fake.addCertification({ merchant_uid: 'wh-order-1', name: '김영희', phone: '01098765432' });
    const res = await adapter.post(
      '/iamport/certifications',
      { imp_uid: cert.imp_uid, merchant_uid: 'wh-order-1' },
      { Origin: ORIGIN, ...(await authHeader()) },
    );
    assert.equal(res.status, 201);
    await eventually(
      () => outbox(adapter),
      (rows) => rows[0]?.status === 'delivered',
    );
    assert.equal(received.length, 2);
    const event = new Webhook(SECRET).verify(received[1]!.body, received[1]!.headers);
    assert.deepEqual(assertDocumentedEvent(event, 'iamport.certification.verified'), {
      version: 'v1',
      imp_uid: cert.imp_uid,
      merchant_uid: 'wh-order-1',
      certified_at: cert.certified_at,
      sub: 'test-user',
      com: TEST_COM,
    });
    for (const { body } of received) {
      for (const secret of [String(cert.unique_key), String(cert.unique_in_site), '김영희', '01098765432']) {
        assert.ok(secret.length >= 3 && !body.includes(secret), 'no CI, DI, name or phone in the payload');
      }
    }
    // The same endpoint when it gives up: listed without its query's values.
    await adapter.adapter.store.run("UPDATE webhook_outbox SET status = 'dead'");
    const listed = ((await (await adapter.serverApi('GET', '/webhooks/failed')).json()) as { failed: { endpoint: string }[] }).failed;
    assert.equal(listed[0]!.endpoint, 'https://erp.example/hooks?token=[redacted]');
  });

  it('the docs list every event type the adapter sends, each data field with a pinned JSON type', () => {
    const documented = documentedWebhookEvents();
    const emitted = providers.flatMap((p) => Object.keys(p.events));
    assert.deepEqual([...documented.keys()].sort(), emitted.sort());
    for (const [type, fields] of documented) {
      assert.ok(fields.length >= 3, `${type} documents its fields`);
      for (const f of fields) assert.ok(documentedFieldTypes[f], `${type}.${f} has a JSON type in test/helpers/webhook-events.ts`);
    }
  });

  it('the webhook routes are server API routes: no key, a wrong key or a browser are refused', async () => {
    const adapter = await adapterFor('https://erp.example.com');
    cleanup.push(() => adapter.close());
    assert.equal((await errorOf(await adapter.serverApi('GET', '/webhooks/failed', { key: null }))).code, 'server_key_missing');
    assert.equal((await errorOf(await adapter.serverApi('GET', '/webhooks/failed', { key: 'wrong' }))).code, 'server_key_invalid');
    const browser = await adapter.call('/server/webhooks/failed', { headers: { Origin: ORIGIN } });
    assert.equal((await errorOf(browser)).code, 'browser_not_allowed');
  });

  it('refuses http:// endpoints outside the sandbox at config time (and takes https), and unknown event names', () => {
    const endpoint = (url: string) => ({ auth: { secret: 'x'.repeat(32) }, webhooks: { endpoints: [{ url, secret: SECRET }] } });
    assert.throws(() => parseConfig(endpoint('http://erp.example.com/hooks')), /webhooks\.endpoints\.0\.url|https/);
    assert.equal(parseConfig(endpoint('https://erp.example.com/hooks')).webhooks.endpoints.length, 1);
    assert.equal(parseConfig({ ...endpoint('http://127.0.0.1:9/hooks'), sandbox: true }).webhooks.endpoints.length, 1);
    // An event name with a typo would silently filter everything out: refused at start.
    const typo = endpoint('https://erp.example.com/hooks');
    assert.throws(
      () => parseConfig({ ...typo, webhooks: { endpoints: [{ ...typo.webhooks.endpoints[0]!, events: ['smartbill.signup.complete'] }] } }),
      /webhooks\.endpoints\.0\.events/,
    );
  });
});
