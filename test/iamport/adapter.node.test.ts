import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { http, HttpResponse, delay } from 'msw';
import { createIamportFake, IAMPORT_API, SANDBOX_IAMPORT, type IamportFake } from '../../src/iamport/sandbox/fake-api.ts';
import { isCertifyResult } from '../../src/iamport/element/guards.ts';
import { certifyResultSchema } from '../../src/iamport/shared/schema.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { assertAnswer } from '../helpers/answers.ts';
import { authHeader } from '../helpers/auth.ts';

const ORIGIN = 'https://erp.example.com';
let AUTH: Record<string, string> = {};
const iamportConfig = { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret, timeoutMs: 500 };

describe('POST /iamport/certifications', () => {
  let adapter: TestAdapter;
  let fake: IamportFake;
  let upstreamCalls: number;
  let msw: ReturnType<typeof mockProviders>;

  before(async () => {
    AUTH = await authHeader();
    adapter = await startTestAdapter({ allowedOrigins: [ORIGIN], iamport: iamportConfig, bodyLimitBytes: 2048 });
  });
  after(() => adapter.close());
  beforeEach(() => {
    fake = createIamportFake();
    msw = mockProviders(...fake.handlers);
    upstreamCalls = 0;
    msw.events.on('request:start', ({ request }) => {
      if (new URL(request.url).origin === IAMPORT_API) upstreamCalls += 1;
    });
  });
  afterEach(() => msw.events.removeAllListeners());

  const verify = (body: unknown, headers: Record<string, string> = { Origin: ORIGIN, ...AUTH }) =>
    adapter.post('/iamport/certifications', body, headers);
  const rows = () =>
    adapter.rows<{ imp_uid: string; merchant_uid: string; data: string }>('SELECT imp_uid, merchant_uid, data FROM iamport_certifications');

  it('verifies a certification, returns only non-secret fields and stores the configured ones', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-ok-1', name: '김영희', phone: '01098765432' });
    const res = await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-ok-1' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    const body = (await res.json()) as Record<string, unknown>;
    assertAnswer(certifyResultSchema, isCertifyResult, body);
    assert.equal(body.imp_uid, cert.imp_uid);
    assert.equal(body.name, '김영희');
    assert.equal(body.phone_masked, '010-****-5432');
    assert.equal(body.unique_key, undefined, 'CI is never sent to the browser');
    assert.equal(body.unique_in_site, undefined, 'DI is never sent to the browser');
    const stored = (await rows()).find((r) => r.imp_uid === cert.imp_uid);
    assert.ok(stored, 'the verification is stored');
    assert.deepEqual(Object.keys(JSON.parse(stored.data)).sort(), [
      'certified_at',
      'imp_uid',
      'merchant_uid',
      'unique_in_site',
      'unique_key',
      'version', // which API verified the person (v1 here): the ERP reads V1 and V2 rows in one shape
    ]);
    // CI is kept as a keyed HMAC by default (issue 9 item 8), never in clear.
    assert.match(JSON.parse(stored.data).unique_key, /^h1\./);
    assert.notEqual(JSON.parse(stored.data).unique_key, cert.unique_key);
  });

  it("sends the token as Iamport documents it (Authorization: Bearer <token>); the fake refuses the seed sample's bare token", async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-header' });
    const sent: (string | null)[] = [];
    msw.events.on('request:start', ({ request }) => {
      if (request.url.startsWith(`${IAMPORT_API}/certifications/`)) sent.push(request.headers.get('authorization'));
    });
    assert.equal((await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-header' })).status, 201);
    // The adapter may first try the token it cached from an earlier test's fake (401, then a fresh token).
    assert.ok(sent.length >= 1 && sent.every((h) => /^Bearer [0-9a-f]{40}$/.test(h ?? '')), `the adapter sent ${sent.join(', ')}`);
    const token = sent.at(-1)!.slice('Bearer '.length);
    const read = (authorization: string) => fetch(`${IAMPORT_API}/certifications/${cert.imp_uid}`, { headers: { authorization } });
    assert.equal((await read(`Bearer ${token}`)).status, 200, 'the documented form is accepted');
    for (const form of [token, `bearer ${token}`, `Bearer  ${token}`, `Token ${token}`]) {
      assert.equal((await read(form)).status, 401, `the fake refuses "${form.replace(token, '<token>')}"`);
    }
  });

  it('refuses a replayed imp_uid with 409 and keeps one row', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-replay' });
    assert.equal((await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-replay' })).status, 201);
    const again = await errorOf(await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-replay' }));
    assert.deepEqual([again.status, again.code], [409, 'iamport_imp_uid_used']);
    assert.equal((await rows()).filter((r) => r.imp_uid === cert.imp_uid).length, 1);
  });

  it('refuses concurrent replays of the same imp_uid: exactly one succeeds', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-race' });
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-race' }).then((r) => r.status)),
    );
    assert.deepEqual(statuses.sort(), [201, 409, 409, 409, 409]);
  });

  it('refuses a merchant_uid other than the one the browser started with', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-real' });
    const err = await errorOf(await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-forged' }));
    assert.deepEqual([err.status, err.code], [422, 'iamport_merchant_uid_mismatch']);
    assert.equal(
      (await rows()).some((r) => r.imp_uid === cert.imp_uid),
      false,
      'nothing stored',
    );
  });

  it('refuses certified: false', async () => {
    const cert = fake.addCertification({ merchant_uid: 'order-uncertified', certified: false });
    const err = await errorOf(await verify({ imp_uid: cert.imp_uid, merchant_uid: 'order-uncertified' }));
    assert.deepEqual([err.status, err.code], [422, 'iamport_not_certified']);
    assert.equal(
      (await rows()).some((r) => r.imp_uid === cert.imp_uid),
      false,
    );
  });

  it('maps an unknown imp_uid (Iamport 404, code -1) to 404', async () => {
    const err = await errorOf(await verify({ imp_uid: 'imp_000000000001', merchant_uid: 'm' }));
    assert.deepEqual([err.status, err.code], [404, 'iamport_certification_not_found']);
  });

  it('50 concurrent verifications cost at most 51 upstream calls (one token)', async () => {
    const certs = Array.from({ length: 50 }, (_, i) => fake.addCertification({ merchant_uid: `bulk-${i}` }));
    // A fresh adapter: no token cached in memory or store.
    const fresh = await startTestAdapter({ iamport: iamportConfig });
    try {
      const statuses = await Promise.all(
        certs.map((c) =>
          fresh.post('/iamport/certifications', { imp_uid: c.imp_uid, merchant_uid: c.merchant_uid }, AUTH).then((r) => r.status),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([201]));
      assert.equal(fake.calls.getToken, 1, 'one token request for all 50');
      assert.equal(fake.calls.certification, 50);
      assert.ok(upstreamCalls <= 51, `upstream calls: ${upstreamCalls}`);
    } finally {
      await fresh.close();
    }
  });

  it('reuses the stored token across adapter instances sharing a store', async () => {
    const a = fake.addCertification({ merchant_uid: 'share-a' });
    const b = fake.addCertification({ merchant_uid: 'share-b' });
    const first = await startTestAdapter({ iamport: iamportConfig });
    try {
      assert.equal((await first.post('/iamport/certifications', { imp_uid: a.imp_uid, merchant_uid: 'share-a' }, AUTH)).status, 201);
      const second = await startTestAdapter({ iamport: iamportConfig, store: first.storeConfig });
      try {
        assert.equal((await second.post('/iamport/certifications', { imp_uid: b.imp_uid, merchant_uid: 'share-b' }, AUTH)).status, 201);
      } finally {
        await new Promise<void>((ok) => second.server.close(() => ok())); // keeps the shared store file
        await second.adapter.close();
      }
      assert.equal(fake.calls.getToken, 1);
    } finally {
      await first.close();
    }
  });

  it('three instances sharing a store, all without a token, ask Iamport for one token in total', async () => {
    const certs = Array.from({ length: 30 }, (_, i) => fake.addCertification({ merchant_uid: `trio-${i}` }));
    // A slow getToken keeps the first request in flight while every instance misses the shared token.
    msw.use(
      http.post(`${IAMPORT_API}/users/getToken`, async () => {
        await delay(150);
        return undefined;
      }),
    );
    const first = await startTestAdapter({ iamport: iamportConfig });
    const others = [
      await startTestAdapter({ iamport: iamportConfig, store: first.storeConfig }),
      await startTestAdapter({ iamport: iamportConfig, store: first.storeConfig }),
    ];
    const trio = [first, ...others];
    try {
      const statuses = await Promise.all(
        certs.map((c, i) =>
          trio[i % 3]!.post('/iamport/certifications', { imp_uid: c.imp_uid, merchant_uid: c.merchant_uid }, AUTH).then((r) => r.status),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([201]));
      assert.equal(fake.calls.getToken, 1, 'one token request over three instances');
    } finally {
      for (const o of others) {
        await new Promise<void>((ok) => o.server.close(() => ok())); // keeps the shared store
        await o.adapter.close();
      }
      await first.close();
    }
  });

  it('refreshes the token once and retries when Iamport answers 401', async () => {
    const warm = fake.addCertification({ merchant_uid: 'warm' });
    assert.equal((await verify({ imp_uid: warm.imp_uid, merchant_uid: 'warm' })).status, 201);
    fake.revokeToken();
    const cert = fake.addCertification({ merchant_uid: 'after-revoke' });
    const res = await verify({ imp_uid: cert.imp_uid, merchant_uid: 'after-revoke' });
    assert.equal(res.status, 201);
    assert.equal(fake.calls.getToken, 2);
  });

  it('gives up after one retry when Iamport keeps answering 401', async () => {
    msw.use(
      http.get(`${IAMPORT_API}/certifications/:id`, () =>
        HttpResponse.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 }),
      ),
    );
    const err = await errorOf(await verify({ imp_uid: 'imp_123456789012', merchant_uid: 'm' }));
    assert.deepEqual([err.status, err.code], [502, 'iamport_credentials_rejected']);
    assert.ok(upstreamCalls <= 4, `bounded retries, saw ${upstreamCalls}`);
  });

  it('reports rejected API credentials as 502 iamport_credentials_rejected', async () => {
    const wrong = await startTestAdapter({ iamport: { ...iamportConfig, impSecret: 'not-the-secret-at-all' } });
    try {
      const err = await errorOf(await wrong.post('/iamport/certifications', { imp_uid: 'imp_123456789012', merchant_uid: 'm' }, AUTH));
      assert.deepEqual([err.status, err.code], [502, 'iamport_credentials_rejected']);
    } finally {
      await wrong.close();
    }
  });

  for (const [name, handler, status, code] of [
    ['upstream 500', () => new HttpResponse('oops', { status: 500 }), 502, 'upstream_error'],
    [
      'upstream invalid JSON',
      () => new HttpResponse('<html>not json</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
      502,
      'upstream_error',
    ],
    ['upstream unexpected shape', () => HttpResponse.json({ code: 0, response: { hello: 'world' } }), 502, 'upstream_error'],
    [
      'upstream timeout',
      async () => {
        await delay(2000);
        return HttpResponse.json({});
      },
      504,
      'upstream_timeout',
    ],
    ['upstream network failure', () => HttpResponse.error(), 502, 'upstream_error'],
  ] as const) {
    it(`turns ${name} into ${status} ${code} and stores nothing`, async () => {
      const cert = fake.addCertification({ merchant_uid: `fault-${code}` });
      msw.use(http.get(`${IAMPORT_API}/certifications/:id`, handler));
      const err = await errorOf(await verify({ imp_uid: cert.imp_uid, merchant_uid: `fault-${code}` }));
      assert.deepEqual([err.status, err.code], [status, code]);
      assert.equal(
        (await rows()).some((r) => r.imp_uid === cert.imp_uid),
        false,
      );
    });
  }

  it('never follows an upstream redirect (SSRF): a 302 becomes 502 and its target is not requested', async () => {
    const cert = fake.addCertification({ merchant_uid: 'redirected' });
    let followed = false;
    msw.use(
      http.get(
        `${IAMPORT_API}/certifications/:id`,
        () => new HttpResponse(null, { status: 302, headers: { Location: 'http://169.254.169.254/latest/meta-data' } }),
      ),
      http.get('http://169.254.169.254/*', () => {
        followed = true;
        return HttpResponse.json({ code: 0, response: cert });
      }),
    );
    const err = await errorOf(await verify({ imp_uid: cert.imp_uid, merchant_uid: 'redirected' }));
    assert.deepEqual([err.status, err.code], [502, 'upstream_error']);
    assert.equal(followed, false);
  });

  describe('bad input', () => {
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['malformed JSON', () => verify('{"imp_uid": '), 400, 'invalid_json'],
      [
        'wrong content type',
        () =>
          adapter.call('/iamport/certifications', {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain', Origin: ORIGIN, ...AUTH },
            body: '{}',
          }),
        415,
        'unsupported_media_type',
      ],
      ['oversized body', () => verify({ imp_uid: 'imp_123456789012', merchant_uid: 'x'.repeat(5000) }), 413, 'payload_too_large'],
      ['missing field', () => verify({ imp_uid: 'imp_123456789012' }), 400, 'invalid_request'],
      ['extra field', () => verify({ imp_uid: 'imp_123456789012', merchant_uid: 'm', unique_key: 'forged' }), 400, 'invalid_request'],
      ['imp_uid of the wrong shape', () => verify({ imp_uid: '../../users/getToken', merchant_uid: 'm' }), 400, 'invalid_request'],
      ['a JSON array', () => verify([1, 2]), 400, 'invalid_request'],
      [
        'a disallowed Origin',
        () => verify({ imp_uid: 'imp_123456789012', merchant_uid: 'm' }, { Origin: 'https://evil.example' }),
        403,
        'origin_not_allowed',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      it(`answers ${name} with ${status} ${code}, without calling Iamport`, async () => {
        const err = await errorOf(await send());
        assert.deepEqual([err.status, err.code], [status, code]);
        assert.ok(err.message.length > 0);
        assert.equal(upstreamCalls, 0);
      });
    }

    it('names the bad field in the message', async () => {
      const err = await errorOf(await verify({ imp_uid: 'nope', merchant_uid: 'm' }));
      assert.match(err.message, /imp_uid/);
    });

    it('answers a CORS preflight from an allowed origin and refuses others', async () => {
      const ok = await adapter.call('/iamport/certifications', {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(ok.status, 204);
      assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
      // A refused origin's preflight passes (not cached), so that its real request can read 403 origin_not_allowed.
      const bad = await adapter.call('/iamport/certifications', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
      assert.equal(bad.headers.get('access-control-max-age'), null);
      const refused = await errorOf(await verify({ imp_uid: 'imp_123456789012', merchant_uid: 'm' }, { Origin: 'https://evil.example' }));
      assert.deepEqual([refused.status, refused.code], [403, 'origin_not_allowed']);
    });
  });

  it('never puts the API key or secret in a response or a log line', async () => {
    const cert = fake.addCertification({ merchant_uid: 'leak-check' });
    const bodies = [
      await (await verify({ imp_uid: cert.imp_uid, merchant_uid: 'leak-check' })).text(),
      await (await verify({ imp_uid: cert.imp_uid, merchant_uid: 'leak-check' })).text(),
      await (await adapter.call('/health')).text(),
    ];
    const logs = adapter.logs.join('\n');
    assert.ok(logs.includes('/iamport/certifications'), 'requests are logged');
    for (const secret of [SANDBOX_IAMPORT.impSecret, SANDBOX_IAMPORT.impKey]) {
      for (const b of bodies) assert.equal(b.includes(secret), false);
      assert.equal(logs.includes(secret), false);
    }
  });

  it('answers 503 not_configured when Iamport has no config', async () => {
    const bare = await startTestAdapter({});
    try {
      const err = await errorOf(await bare.post('/iamport/certifications', { imp_uid: 'imp_123456789012', merchant_uid: 'm' }, AUTH));
      assert.deepEqual([err.status, err.code], [503, 'not_configured']);
    } finally {
      await bare.close();
    }
  });
});
