import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createEcountFake } from '../../src/ecount/sandbox/fake-api.ts';
import { mockProviders } from '../helpers/adapter.ts';
import { ecountConfig, type Instances, startInstances, WIDE_LIMITS } from './helpers.ts';

const VIEW = '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus';
const LIST = '/ecount/api/InventoryBasic/GetBasicProductsList';

type Status = {
  connected: boolean;
  zone: string | null;
  company: string;
  environment: string;
  notice: string | null;
  blocked: boolean;
  failures: number;
  lastError: { code: string; ecountCode: number | null; message: { ko: string; en: string } } | null;
  limits: { daily: number; login: number; apis: Record<string, number> };
};

describe('Ecount: one session for every request and instance', () => {
  let inst: Instances | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });
  after(() => mockProviders());

  it('connect: Zone then Login once; the status card shows company, zone, notice and never the session', async () => {
    const fake = createEcountFake();
    mockProviders(...fake.handlers);
    inst = await startInstances(1, { ecount: ecountConfig() });
    const before = (await (await inst.get(0, '/ecount/status')).json()) as Status;
    assert.deepEqual([before.connected, before.zone, before.company, before.environment], [false, null, '80001', 'test']);
    const res = await inst.post(0, '/ecount/connect');
    assert.equal(res.status, 200);
    const text = await res.text();
    const s = JSON.parse(text) as Status;
    assert.deepEqual([s.connected, s.zone, s.blocked, s.failures, s.lastError], [true, 'CC', false, 0, null]);
    assert.match(s.notice ?? '', /공지사항/);
    assert.deepEqual([fake.calls.zone, fake.calls.login], [1, 1]);
    // Connecting again reuses the stored session.
    assert.equal((await inst.post(0, '/ecount/connect')).status, 200);
    assert.deepEqual([fake.calls.zone, fake.calls.login], [1, 1]);
    assert.doesNotMatch(text, /SESSION_ID|API_CERT_KEY|sbx-ecount-7c1e/);
  });

  it('200 concurrent API calls across 3 instances sharing one store cause exactly 1 Zone and 1 Login', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(3, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        inst!.post(i % 3, VIEW, { PROD_CD: 'A-1001' }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    assert.deepEqual([fake.calls.zone, fake.calls.login], [1, 1]);
    assert.equal(fake.calls.api, 200);
    for (const a of answers) {
      assert.equal(a.status, 200);
      // Ecount's envelope as it is.
      const env = a.body as { Status: string; Error: null; Data: { Result: { PROD_CD: string; PROD_DES: string }[] } };
      assert.deepEqual([env.Status, env.Error, env.Data.Result[0]!.PROD_DES], ['200', null, '무선 바코드 스캐너']);
    }
    // Every call carried the same session, as ?SESSION_ID=, with a JSON body of known length (not chunked).
    assert.equal(new Set(fake.apiCalls.map((c) => c.sessionId)).size, 1);
    for (const c of fake.apiCalls) assert.equal(c.contentLength, String(Buffer.byteLength(JSON.stringify(c.body))));
  });

  it('a session that expires mid-burst causes exactly one re-login, and every call still succeeds', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(3, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => inst!.post(i % 3, VIEW, {})));
    assert.ok(first.every((r) => r.status === 200));
    assert.deepEqual([fake.calls.zone, fake.calls.login], [1, 1]);
    fake.expireSessions();
    const second = await Promise.all(Array.from({ length: 60 }, (_, i) => inst!.post(i % 3, VIEW, {})));
    assert.deepEqual(
      second.map((r) => r.status),
      second.map(() => 200),
    );
    assert.equal(fake.calls.login, 2, 'exactly one re-login');
    assert.equal(fake.calls.zone, 1, 'the zone is kept for the re-login');
    assert.ok(fake.calls.sessionGone >= 1);
    assert.equal(new Set(fake.apiCalls.map((c) => c.sessionId)).size, 2);
  });

  it('allow-listed paths only: another Ecount API is 404 ecount_api_not_allowed and reaches nothing', async () => {
    const fake = createEcountFake();
    mockProviders(...fake.handlers);
    inst = await startInstances(1, {
      ecount: ecountConfig({ apis: { 'InventoryBalance/ViewInventoryBalanceStatus': { class: 'view', access: 'read' } } }),
    });
    for (const path of ['/ecount/api/Sale/SaveSale', '/ecount/api/OAPILogin', '/ecount/api/..%2FZone', '/ecount/api/constructor']) {
      const res = await inst.post(0, path, {});
      const body = (await res.json()) as { error: { code: string } };
      assert.deepEqual([res.status, body.error.code], [404, 'ecount_api_not_allowed'], path);
    }
    assert.deepEqual([fake.calls.zone, fake.calls.login, fake.calls.api], [0, 0, 0]);
  });
});

describe('Ecount: limits obeyed before Ecount enforces them', () => {
  let inst: Instances | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });

  it("a burst is refused by the adapter's own buckets (429 + Retry-After) and Ecount never answers 412", async () => {
    // Both sides keep Ecount's public test-server limits (views 1/s, lists 1/10 s).
    // A frozen clock on both sides: no bucket refills during the burst, however slow the machine.
    const clock = Date.now();
    const fake = createEcountFake({ now: () => clock });
    mockProviders(...fake.handlers);
    inst = await startInstances(3, { ecount: ecountConfig() }, { now: () => clock });
    assert.equal((await inst.post(0, '/ecount/connect')).status, 200);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => inst!.post(i % 3, i % 2 ? VIEW : LIST, {})));
    const ok = burst.filter((r) => r.status === 200);
    const refused = burst.filter((r) => r.status === 429);
    assert.equal(ok.length, 2, 'one view and one list get through');
    assert.equal(refused.length, 28);
    for (const r of refused) {
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'ecount_rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    assert.equal(fake.calls.api, 2);
    assert.deepEqual([fake.calls.rateLimited412, fake.calls.redirected302], [0, 0]);
  });

  for (const mode of ['412', '302'] as const) {
    it(`Ecount's own ${mode} (never followed) is rate limiting: 429 with Retry-After, then a back-off without calling Ecount`, async () => {
      // The adapter is configured looser than the fake here, so Ecount is the one that enforces.
      const fake = createEcountFake({ overLimit: mode, limits: { ...WIDE_LIMITS, view: { capacity: 1, refillPerSecond: 0.001 } } });
      mockProviders(...fake.handlers);
      inst = await startInstances(1, { ecount: ecountConfig({ limits: WIDE_LIMITS, backoffSeconds: 30 }) });
      assert.equal((await inst.post(0, VIEW, {})).status, 200);
      const res = await inst.post(0, VIEW, {});
      assert.equal(res.status, 429);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'ecount_rate_limited');
      assert.equal(res.headers.get('retry-after'), '30');
      assert.equal(mode === '302' ? fake.calls.redirected302 : fake.calls.rateLimited412, 1);
      const apiCalls = fake.calls.api;
      const again = await inst.post(0, VIEW, {});
      assert.equal(again.status, 429);
      assert.equal(fake.calls.api, apiCalls, 'backing off: Ecount was not called');
      const status = (await (await inst.get(0, '/ecount/status')).json()) as Status & { backoffUntil: string | null };
      assert.ok(status.backoffUntil);
      assert.equal(status.lastError?.code, 'ecount_rate_limited');
    });
  }
});
