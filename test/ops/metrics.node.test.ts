// Issue 21: GET /metrics (prom-client): off by default, behind its own token or on its own address, the listed series
// after a scripted flow, and no label carrying a business number, a user id or another unbounded value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/core/server/config.ts';
import { providers } from '../../src/providers.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { BROKEN_COM, FLOW_MERCHANT_UID, FLOW_SUB, flowEcountConfig, runFlow } from './flow.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

/** `name{labels} value` lines of a scrape. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      assert.ok(m, `not a sample line: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The samples of one metric, for an assertion's message. */
const dump = (all: ReturnType<typeof samples>, name: string) =>
  JSON.stringify(all.filter((s) => s.name.startsWith(name)).map((s) => [s.labels, s.value]));

const value = (all: ReturnType<typeof samples>, name: string, labels: Record<string, string> = {}) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

describe('GET /metrics (issue 21)', { timeout: 60_000 }, () => {
  it('is off by default (404) and refuses a metrics config with neither token nor listen', async () => {
    const a = await startTestAdapter({});
    try {
      assert.equal((await errorOf(await a.call('/metrics'))).code, 'not_found');
    } finally {
      await a.close();
    }
    assert.throws(() => parseConfig({ metrics: {} }, providers), /metrics.*set "token", "listen" or both/s);
    assert.throws(() => parseConfig({ metrics: { token: 'short' } }, providers), /metrics\.token/);
  });

  it('on its own listen address: served there (with its token, when one is set) and not under the adapter', async () => {
    const a = await startTestAdapter({ metrics: { listen: { host: '127.0.0.1', port: 0 }, token: TOKEN } });
    try {
      assert.match(a.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      assert.equal((await a.call('/metrics')).status, 404);
      assert.equal((await fetch(a.metricsUrl!)).status, 401);
      const res = await fetch(a.metricsUrl!, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^process_cpu_user_seconds_total /m);
    } finally {
      await a.close();
    }
  });

  it("times a store pipeline (a verification's statements, sent in one round trip) as op=pipeline", async () => {
    const a = await startTestAdapter({
      metrics: { token: TOKEN },
      iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret },
    });
    const fake = createIamportFake();
    const msw = mockProviders(...fake.handlers);
    try {
      const cert = fake.addCertification({ merchant_uid: 'metrics-pipeline' });
      const res = await a.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'metrics-pipeline' }, await authHeader());
      assert.equal(res.status, 201, await res.text());
      const scrape = await a.call('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      const all = samples(await scrape.text());
      assert.equal(
        value(all, 'erp_widgets_store_query_duration_seconds_count', { op: 'pipeline' }),
        1,
        dump(all, 'erp_widgets_store_query'),
      );
    } finally {
      msw.close(); // its interceptors would hold the next tests' long-poll and receiver calls
      await a.close();
    }
  });

  describe('behind its token, after a scripted flow', () => {
    let a: TestAdapter;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let offset = 0;
    const scrape = async () => {
      const res = await a.call('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return res.text();
    };

    before(async () => {
      receiver = await startReceiver(() => 500);
      a = await startTestAdapter(
        {
          sandbox: true,
          metrics: { token: TOKEN },
          ecount: flowEcountConfig,
          webhooks: { endpoints: [{ url: `${receiver.url}/hooks`, secret: SECRET }], retryForSeconds: 60 },
          limits: { perIp: { capacity: 30, refillPerSecond: 0.01 }, perToken: null, longPollsPerClient: 1 },
        },
        { now: () => Date.now() + offset, webhooks: { retryBaseMs: 20, pollMs: 100 } },
      );
    });
    after(async () => {
      await a?.close();
      await receiver?.close();
    });

    it('refuses a scrape without the token and with a wrong one (401, its own codes)', async () => {
      assert.equal((await errorOf(await a.call('/metrics'))).code, 'metrics_token_missing');
      const wrong = await a.call('/metrics', { headers: { Authorization: 'Bearer not-the-metrics-token' } });
      assert.deepEqual([wrong.status, (await errorOf(wrong)).code], [401, 'metrics_token_invalid']);
    });

    it('exposes requests, upstream calls, the outbox, long-polls, leases, the store, refusals, Ecount logins and the process', async () => {
      const { poll, pollUrl } = await runFlow(a);
      await receiver.until((h) => h.length >= 2);
      let first = samples(await scrape());
      for (let i = 0; i < 100 && value(first, 'erp_widgets_long_polls_open') < 1; i++) {
        await new Promise((r) => setTimeout(r, 50));
        first = samples(await scrape());
      }
      assert.equal(value(first, 'erp_widgets_long_polls_open'), 1, 'the flow’s long-poll is open');
      // A second long-poll from the same address: over longPollsPerClient (1), refused.
      const second = await a.call(pollUrl, { headers: await authHeader({ sub: FLOW_SUB }) });
      assert.equal((await errorOf(second)).code, 'too_many_long_polls');
      assert.equal(value(first, 'erp_widgets_webhook_outbox_pending'), 2, 'both Ecount events failed once and wait for a retry');
      assert.ok(
        value(first, 'erp_widgets_webhook_outbox_oldest_pending_age_seconds') >= 0,
        dump(first, 'erp_widgets_webhook_outbox_oldest_pending_age_seconds'),
      );
      assert.ok(
        value(first, 'erp_widgets_webhook_deliveries_total', { outcome: 'http_500', dead: 'false' }) >= 2,
        dump(first, 'erp_widgets_webhook_deliveries_total'),
      );
      // Past retryForSeconds: the next attempts give up.
      offset = 61_000;
      await receiver.until((h) => h.length >= 4);
      let all = samples(await scrape());
      for (let i = 0; i < 50 && value(all, 'erp_widgets_webhook_outbox_dead') < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        all = samples(await scrape());
      }
      // Refusals last: the address’s bucket (30) runs dry.
      let refused = 0;
      for (let i = 0; i < 40 && !refused; i++) {
        const res = await a.call('/ecount/status', { headers: await authHeader() });
        await res.body?.cancel();
        if (res.status === 429) refused++;
      }
      assert.equal(refused, 1, 'the per-address limit refused a request');
      all = samples(await scrape());
      const text = await scrape();

      assert.ok(
        value(all, 'erp_widgets_http_request_duration_seconds_count', { route: '/ecount/connect', method: 'POST', status: '200' }) >= 1,
        dump(all, 'erp_widgets_http_request_duration_seconds_count'),
      );
      assert.ok(
        value(all, 'erp_widgets_http_request_duration_seconds_count', { route: '/ecount/connect', method: 'POST', status: '502' }) >= 1,
        dump(all, 'erp_widgets_http_request_duration_seconds_count'),
      );
      assert.equal(value(all, 'erp_widgets_http_request_duration_seconds_count', { route: '/smartbill/signups/:id', status: '429' }), 1);
      assert.ok(
        value(all, 'erp_widgets_upstream_request_duration_seconds_count', { provider: 'ecount', outcome: 'ok' }) >= 2,
        dump(all, 'erp_widgets_upstream_request_duration_seconds_count'),
      );
      assert.ok(value(all, 'erp_widgets_upstream_request_duration_seconds_count', { provider: 'iamport' }) >= 2, 'getToken and the lookup');
      assert.ok(
        value(all, 'erp_widgets_webhook_deliveries_total', { dead: 'true' }) >= 2,
        dump(all, 'erp_widgets_webhook_deliveries_total'),
      );
      assert.equal(value(all, 'erp_widgets_webhook_outbox_dead'), 2);
      assert.equal(value(all, 'erp_widgets_webhook_outbox_pending'), 0);
      assert.ok(
        value(all, 'erp_widgets_lease_wait_seconds_count', { lease: 'ecount:login' }) >= 2,
        dump(all, 'erp_widgets_lease_wait_seconds_count'),
      );
      assert.ok(
        value(all, 'erp_widgets_lease_hold_seconds_count', { lease: 'ecount:login' }) >= 2,
        dump(all, 'erp_widgets_lease_hold_seconds_count'),
      );
      assert.ok(
        value(all, 'erp_widgets_lease_hold_seconds_count', { lease: 'iamport:token' }) >= 1,
        dump(all, 'erp_widgets_lease_hold_seconds_count'),
      );
      assert.ok(
        value(all, 'erp_widgets_store_query_duration_seconds_count', { op: 'transaction' }) >= 1,
        dump(all, 'erp_widgets_store_query_duration_seconds_count'),
      );
      assert.ok(
        value(all, 'erp_widgets_store_query_duration_seconds_count', { op: 'get' }) >= 1,
        dump(all, 'erp_widgets_store_query_duration_seconds_count'),
      );
      assert.equal(value(all, 'erp_widgets_rate_limit_refusals_total', { limit: 'per_ip' }), 1);
      assert.equal(value(all, 'erp_widgets_rate_limit_refusals_total', { limit: 'long_polls' }), 1);
      assert.equal(value(all, 'erp_widgets_ecount_logins_total', { outcome: 'ok' }), 1);
      assert.equal(value(all, 'erp_widgets_ecount_logins_total') - 1, 1, 'one failed login, by its error code');
      assert.equal(value(all, 'erp_widgets_ecount_logins_stopped'), 1);
      assert.ok(value(all, 'process_cpu_user_seconds_total') > 0, dump(all, 'process_cpu_user_seconds_total'));
      assert.ok(value(all, 'nodejs_heap_size_used_bytes') > 0, dump(all, 'nodejs_heap_size_used_bytes'));

      // No label carries a business number, a user, an order or an id: no run of 5+ digits outside buckets and statuses.
      for (const leak of [TEST_COM, BROKEN_COM, FLOW_SUB, FLOW_MERCHANT_UID, 'imp_448812345678', 'ZN201', '80001']) {
        assert.ok(!text.includes(leak), `the scrape names ${leak}`);
      }
      for (const s of all) {
        for (const [k, v] of Object.entries(s.labels)) {
          if (k === 'le' || k === 'quantile') continue;
          assert.doesNotMatch(v, /\d{4,}|[0-9a-f]{8}-[0-9a-f]{4}/, `${s.name}{${k}="${v}"}`);
        }
      }
      assert.equal(await poll, 200);
    });
  });
});
