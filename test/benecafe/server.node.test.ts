import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { createBenecafeFake } from '../../src/benecafe/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { assertDocumentedEvent } from '../helpers/webhook-events.ts';
import { gateFields, MALL_ORIGIN, postGate, readSession, sessionCookie } from './helpers.ts';

const SHOP = 'https://shop.partner.example';
const config = {
  allowedOrigins: [SHOP],
  benecafe: {
    mainUrl: `${SHOP}/main`,
    welfareMallUrl: 'https://www.benecafe.co.kr/mall',
    gateOrigins: [MALL_ORIGIN],
    otpHosts: ['cert.benecafe.co.kr'],
  },
  webhooks: { endpoints: [{ url: 'https://erp.example/hooks', secret: `whsec_${Buffer.alloc(32, 4).toString('base64')}` }] },
};

describe('Benecafe for the partner backend: GET /server/benecafe/sessions/:ref and benecafe.member.entered', () => {
  let adapter: TestAdapter;
  const fake = createBenecafeFake();
  before(async () => {
    // The ERP's webhook endpoint, answered in this process (the delivery loop posts there).
    mockProviders(
      ...fake.handlers,
      http.post('https://erp.example/hooks', () => new HttpResponse(null, { status: 204 })),
    );
    adapter = await startTestAdapter(config);
  });
  after(() => adapter.close());

  const enter = async () => {
    const token = fake.issueToken();
    const res = await postGate(adapter, gateFields(token));
    assert.equal(res.status, 303);
    const cookie = sessionCookie(res)!.value;
    const { body } = await readSession(adapter, cookie);
    return { token, cookie, ref: String(body.session!.ref) };
  };

  it('answers who the member behind a ref is, with the server key only', async () => {
    const { ref, token } = await enter();
    const res = await adapter.serverApi('GET', `/benecafe/sessions/${ref}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      ref: string;
      session: Record<string, unknown>;
      member: Record<string, unknown>;
      enteredAt: number;
    };
    assert.equal(body.ref, ref);
    assert.equal(body.session.memberKey, 'J01A00038745');
    assert.equal(body.session.companyKey, 'C0001');
    assert.equal(body.member.custId, 'J01A00038745');
    assert.equal(typeof body.enteredAt, 'number');
    assert.ok(!JSON.stringify(body).includes(token), 'the OTP token is not in the answer');

    assert.equal((await errorOf(await adapter.serverApi('GET', `/benecafe/sessions/${ref}`, { key: null }))).code, 'server_key_missing');
    const fromPage = await adapter.call(`/server/benecafe/sessions/${ref}`, { headers: { Origin: SHOP } });
    assert.equal((await errorOf(fromPage)).code, 'browser_not_allowed');
  });

  it('enqueues benecafe.member.entered in the session transaction, without the OTP token or the name', async () => {
    const { ref, token } = await enter();
    const rows = await adapter.rows<{ event_type: string; body: string }>(
      "SELECT event_type, body FROM webhook_outbox WHERE event_type = 'benecafe.member.entered'",
    );
    const event = rows.map((r) => JSON.parse(r.body) as { data: Record<string, unknown> }).find((e) => e.data.ref === ref);
    assert.ok(event, 'an event for this session');
    assertDocumentedEvent(event, 'benecafe.member.entered');
    assert.ok(!rows.some((r) => r.body.includes(token)), 'no OTP token in any payload');
  });

  it('404 once the member left or entered again; 400 for a malformed ref', async () => {
    const first = await enter();
    const second = await enter(); // the same member again: the first session is dropped
    assert.equal((await errorOf(await adapter.serverApi('GET', `/benecafe/sessions/${first.ref}`))).code, 'not_found');
    assert.equal((await adapter.serverApi('GET', `/benecafe/sessions/${second.ref}`)).status, 200);
    await adapter.call('/benecafe/session', { method: 'DELETE', headers: { Cookie: `benecafe_session=${second.cookie}`, Origin: SHOP } });
    assert.equal((await errorOf(await adapter.serverApi('GET', `/benecafe/sessions/${second.ref}`))).code, 'not_found');
    const bad = await errorOf(await adapter.serverApi('GET', '/benecafe/sessions/not-a-ref'));
    assert.deepEqual([bad.status, bad.code], [400, 'invalid_request']);
  });
});
