// PortOne V2 identity verification over real HTTP: the adapter mints the id, verifies it with one
// PortOne call and keeps the same row, read shape and webhook event as Iamport V1.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { createPortoneFake, PORTONE_API, SANDBOX_PORTONE, type PortoneFake } from '../../src/iamport/sandbox/fake-portone-api.ts';
import { certifyResultSchema } from '../../src/iamport/shared/schema.ts';
import { isCertifyResult } from '../../src/iamport/element/guards.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { assertAnswer } from '../helpers/answers.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';

const ORIGIN = 'https://erp.example.com';
const portone = { apiSecret: SANDBOX_PORTONE.apiSecret, storeId: SANDBOX_PORTONE.storeId, timeoutMs: 500 };
const OTHER_STORE = 'store-11111111-1111-1111-1111-111111111111';

describe('PortOne V2: POST /iamport/v2/identity-verifications, then …/:id/verify', () => {
  let adapter: TestAdapter;
  let fake: PortoneFake;
  let upstream: string[];
  let hooks: string[];
  let auth: Record<string, string>;

  before(async () => {
    auth = { Origin: ORIGIN, ...(await authHeader({ sub: 'user-a' })) };
    adapter = await startTestAdapter({
      allowedOrigins: [ORIGIN],
      iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret, portone },
      webhooks: { endpoints: [{ url: 'https://erp.example/hooks', secret: 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5' }] },
    });
  });
  after(() => adapter.close());
  beforeEach(() => {
    fake = createPortoneFake();
    upstream = [];
    hooks = [];
    const msw = mockProviders(
      ...fake.handlers,
      ...createIamportFake().handlers,
      http.post('https://erp.example/hooks', async ({ request }) => {
        hooks.push(await request.text());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    msw.events.removeAllListeners();
    msw.events.on('request:start', ({ request }) => {
      if (new URL(request.url).origin === PORTONE_API)
        upstream.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
    });
  });

  const issue = async (headers = auth) => {
    const res = await adapter.post('/iamport/v2/identity-verifications', { storeId: SANDBOX_PORTONE.storeId }, headers);
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as { identityVerificationId: string; storeId: string };
    assert.match(body.identityVerificationId, /^iv_[0-9a-f]{32}$/);
    assert.equal(body.storeId, SANDBOX_PORTONE.storeId);
    return body.identityVerificationId;
  };
  const verify = (id: string, headers = auth) => adapter.post(`/iamport/v2/identity-verifications/${id}/verify`, {}, headers);
  const outbox = () =>
    adapter.rows<{ body: string }>("SELECT body FROM webhook_outbox WHERE event_type = 'iamport.certification.verified'");

  it('verifies with exactly one PortOne call and answers the V1 result shape (no CI/DI)', async () => {
    const id = await issue();
    fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id, name: '김영희', phoneNumber: '01098765432', birthDate: '1991-02-03' });
    const res = await verify(id);
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as Record<string, unknown>;
    assertAnswer(certifyResultSchema, isCertifyResult, body);
    assert.equal(body.imp_uid, id);
    assert.equal(body.name, '김영희');
    assert.equal(body.phone_masked, '010-****-5432');
    assert.equal(body.birthday, '1991-02-03');
    assert.equal(body.pg_provider, 'danal');
    assert.deepEqual(upstream, [`GET /identity-verifications/${id}?storeId=${SANDBOX_PORTONE.storeId}`]);
  });

  it('keeps the same row, server read and webhook event as V1, with version "v2"', async () => {
    // V1 first, for the shape to compare with.
    const v1 = createIamportFake();
    mockProviders(
      ...fake.handlers,
      ...v1.handlers,
      http.post('https://erp.example/hooks', () => new HttpResponse(null, { status: 204 })),
    );
    const cert = v1.addCertification({ merchant_uid: 'order-v1' });
    assert.equal((await adapter.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'order-v1' }, auth)).status, 201);
    const id = await issue();
    const verified = fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
    assert.equal((await verify(id)).status, 201);

    const read = async (uid: string) =>
      (await (await adapter.serverApi('GET', `/iamport/certifications/${uid}`)).json()) as Record<string, unknown>;
    const [r1, r2] = [await read(cert.imp_uid), await read(id)];
    assert.deepEqual(Object.keys(r2).sort(), Object.keys(r1).sort(), 'the ERP reads one shape for V1 and V2');
    assert.equal(r1.version, 'v1');
    assert.equal(r2.version, 'v2');
    assert.equal(r2.sub, 'user-a');
    assert.equal(r2.com, TEST_COM);
    assert.match(String(r2.unique_key), /^h1\./, 'CI kept as a keyed digest');

    const events = (await outbox()).map((r) => JSON.parse(r.body) as { data: Record<string, unknown> });
    const e1 = events.find((e) => e.data.imp_uid === cert.imp_uid)!;
    const e2 = events.find((e) => e.data.imp_uid === id)!;
    assert.deepEqual(Object.keys(e2.data).sort(), Object.keys(e1.data).sort(), 'one event shape for V1 and V2');
    assert.equal(e1.data.version, 'v1');
    assert.equal(e2.data.version, 'v2');
    for (const secret of [verified.verifiedCustomer.ci!, verified.verifiedCustomer.di!, verified.verifiedCustomer.name]) {
      assert.ok(!JSON.stringify(e2).includes(secret), 'no CI, DI or name in the event');
    }

    const lookup = await adapter.serverApi('POST', '/iamport/certifications/lookup', {
      body: { unique_key: verified.verifiedCustomer.ci },
    });
    const found = ((await lookup.json()) as { certifications: { imp_uid: string; version: string }[] }).certifications;
    assert.deepEqual(
      found.map((f) => [f.imp_uid, f.version]),
      [[id, 'v2']],
    );
  });

  it('keeps a KG Inicis answer without DI; lookup by CI still finds the person', async () => {
    const id = await issue();
    const v = fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id, pg: 'INICIS_UNIFIED' });
    assert.equal(v.verifiedCustomer.di, undefined, 'the fake answers as Inicis does: no DI');
    assert.equal((await verify(id)).status, 201);
    const row = (await (await adapter.serverApi('GET', `/iamport/certifications/${id}`)).json()) as Record<string, unknown>;
    assert.equal(row.unique_in_site, null);
    assert.equal(row.pg_provider, undefined, 'only the configured storeFields are kept');
    const found = await adapter.serverApi('POST', '/iamport/certifications/lookup', { body: { unique_key: v.verifiedCustomer.ci } });
    assert.equal(((await found.json()) as { certifications: unknown[] }).certifications.length, 1);
  });

  describe('replays and refusals', () => {
    it('an id this adapter did not issue: 404 portone_verification_unknown, no PortOne call', async () => {
      const id = `iv_${'a'.repeat(32)}`;
      fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [404, 'portone_verification_unknown']);
      assert.deepEqual(upstream, []);
    });

    it('an id issued to another user or another company: 403 tenant_mismatch, no PortOne call', async () => {
      const id = await issue();
      fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
      for (const other of [{ sub: 'user-b' }, { sub: 'user-a', com: '2208162517' }]) {
        const e = await errorOf(await verify(id, { Origin: ORIGIN, ...(await authHeader(other)) }));
        assert.deepEqual([e.status, e.code], [403, 'tenant_mismatch'], JSON.stringify(other));
      }
      assert.deepEqual(upstream, []);
      assert.equal((await verify(id)).status, 201, 'the owner still can');
    });

    it('a second use: 409 iamport_imp_uid_used, one row, one event, one PortOne call', async () => {
      const id = await issue();
      fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
      assert.equal((await verify(id)).status, 201);
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [409, 'iamport_imp_uid_used']);
      assert.equal(upstream.length, 1);
      assert.equal((await adapter.rows('SELECT imp_uid FROM iamport_certifications WHERE imp_uid = ?', id)).length, 1);
      assert.equal((await outbox()).filter((r) => r.body.includes(id)).length, 1);
    });

    it('a READY verification (cancelled or unfinished): 422 portone_not_verified, and the id stays usable', async () => {
      const id = await issue();
      fake.addReady({ storeId: SANDBOX_PORTONE.storeId, id });
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [422, 'portone_not_verified']);
      fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
      assert.equal((await verify(id)).status, 201, 'PortOne lets a failed id be retried; so does the adapter');
    });

    it('a FAILED verification: 422 portone_verification_failed naming the reason and the PG code', async () => {
      const id = await issue();
      fake.addFailed({ storeId: SANDBOX_PORTONE.storeId, id, reason: '인증번호 불일치', pgCode: 'F1001' });
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [422, 'portone_verification_failed']);
      assert.match(e.message, /인증번호 불일치/);
      assert.match(e.message, /F1001/);
    });

    it('a verification done in another store: 422 portone_verification_not_found (the adapter asks for its own store)', async () => {
      const id = await issue();
      fake.addVerified({ storeId: OTHER_STORE, id });
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [422, 'portone_verification_not_found']);
    });

    it('an element configured for another store is told at once: 422 portone_store_mismatch', async () => {
      const e = await errorOf(await adapter.post('/iamport/v2/identity-verifications', { storeId: OTHER_STORE }, auth));
      assert.deepEqual([e.status, e.code], [422, 'portone_store_mismatch']);
    });

    it("a wrong API secret is the operator's problem: 502 portone_credentials_rejected", async () => {
      const strict = createPortoneFake({ apiSecret: 'another-secret' });
      mockProviders(...strict.handlers);
      const id = await issue();
      strict.addVerified({ storeId: SANDBOX_PORTONE.storeId, id });
      const e = await errorOf(await verify(id));
      assert.deepEqual([e.status, e.code], [502, 'portone_credentials_rejected']);
      assert.ok(!adapter.logs.join('\n').includes(SANDBOX_PORTONE.apiSecret), 'the API secret is never logged');
    });

    it('without a page token: 401, nothing minted', async () => {
      const res = await adapter.post('/iamport/v2/identity-verifications', { storeId: SANDBOX_PORTONE.storeId }, { Origin: ORIGIN });
      assert.equal(res.status, 401);
      assert.equal((await adapter.rows('SELECT id FROM iamport_portone_requests')).length > 0, true, 'earlier tests minted');
    });
  });

  it('the fake accepts exactly `Authorization: PortOne <secret>`', async () => {
    const call = (authorization?: string) =>
      fetch(`${PORTONE_API}/identity-verifications/x?storeId=${SANDBOX_PORTONE.storeId}`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
    assert.equal((await call(`PortOne ${SANDBOX_PORTONE.apiSecret}`)).status, 404);
    for (const wrong of [
      undefined,
      `Bearer ${SANDBOX_PORTONE.apiSecret}`,
      SANDBOX_PORTONE.apiSecret,
      `portone ${SANDBOX_PORTONE.apiSecret}`,
    ]) {
      const res = await call(wrong);
      assert.equal(res.status, 401, String(wrong));
      assert.equal(((await res.json()) as { type: string }).type, 'UNAUTHORIZED');
    }
  });
});

describe('PortOne V2 with a minimum age', () => {
  let adapter: TestAdapter;
  before(async () => {
    // PortOne V2 alone (no Iamport V1 credentials): a company that integrates the way PortOne documents today.
    adapter = await startTestAdapter({ allowedOrigins: [ORIGIN], iamport: { portone, minAge: 19 } });
  });
  after(() => adapter.close());

  it('refuses a person under portone.minAge from the birthDate PortOne answered (403 iamport_under_min_age)', async () => {
    const fake = createPortoneFake();
    mockProviders(...fake.handlers);
    const headers = { Origin: ORIGIN, ...(await authHeader()) };
    const mint = async () =>
      (
        (await (await adapter.post('/iamport/v2/identity-verifications', { storeId: SANDBOX_PORTONE.storeId }, headers)).json()) as {
          identityVerificationId: string;
        }
      ).identityVerificationId;
    const young = await mint();
    const thisYear = new Date().getUTCFullYear();
    fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id: young, birthDate: `${thisYear - 10}-01-01` });
    const e = await errorOf(await adapter.post(`/iamport/v2/identity-verifications/${young}/verify`, {}, headers));
    assert.deepEqual([e.status, e.code], [403, 'iamport_under_min_age']);
    const adult = await mint();
    fake.addVerified({ storeId: SANDBOX_PORTONE.storeId, id: adult, birthDate: '1980-05-05' });
    assert.equal((await adapter.post(`/iamport/v2/identity-verifications/${adult}/verify`, {}, headers)).status, 201);
  });

  it('V1 routes on a V2-only adapter, and V2 routes without `iamport.portone`: 503 not_configured', async () => {
    const v1 = await errorOf(
      await adapter.post(
        '/iamport/certifications',
        { imp_uid: 'imp_123456789012', merchant_uid: 'o-1' },
        { Origin: ORIGIN, ...(await authHeader()) },
      ),
    );
    assert.deepEqual([v1.status, v1.code], [503, 'not_configured']);
    const bare = await startTestAdapter({ allowedOrigins: [ORIGIN] });
    try {
      const e = await errorOf(
        await bare.post(
          '/iamport/v2/identity-verifications',
          { storeId: SANDBOX_PORTONE.storeId },
          { Origin: ORIGIN, ...(await authHeader()) },
        ),
      );
      assert.deepEqual([e.status, e.code], [503, 'not_configured']);
    } finally {
      await bare.close();
    }
  });
});
