// Issue 18 item 5: closing must not wait for a provider that never answers. On PostgreSQL a lease holder kept its
// pooled client inside a transaction for the whole provider call and pool.end() waited for it (8.8 s where SQLite took
// the 3 s grace; up to the upstream timeout, 60–120 s). Close aborts in-flight provider calls, finishes within its
// grace, and the holder lets its lease go: another instance on the same store does the work at once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createEcountFake } from '../../src/ecount/sandbox/fake-api.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { createSmartbillScrapeApiFake } from '../../src/smartbill/sandbox/fake-scrape-api.ts';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { addDays, kstToday } from '../../src/smartbill/shared/invoice-model.ts';
import type { AdapterConfigInput } from '../../src/core/server/config.ts';
import { gateFields, MALL_ORIGIN, postGate } from '../benecafe/helpers.ts';
import { ecountConfig, WIDE_LIMITS } from '../ecount/helpers.ts';
import { mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';
import { freshTestStore, testStoreKind } from '../helpers/store.ts';
import { bounded } from '../helpers/wait.ts';

const KEY = Buffer.alloc(32, 9).toString('base64');
const GRACE_MS = 1_000;
/** The grace, the aborted requests' clean-up and the store's close, with room for a loaded machine. */
const CLOSE_BOUND_MS = GRACE_MS + 5_000;

/** An upstream that accepts every call and never answers; like fetch, it gives up only when its signal aborts. */
function neverAnswering() {
  let called!: (url: string) => void;
  const firstCall = new Promise<string>((r) => (called = r));
  const fetch: typeof globalThis.fetch = (input, init) => {
    called(String(input instanceof Request ? input.url : input));
    return new Promise((_, reject) => {
      const signal = init?.signal;
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
  return { fetch, firstCall };
}

interface Case {
  provider: string;
  config: AdapterConfigInput;
  /** Sets up what the call needs (stored credentials…) on an adapter. */
  prepare?: (a: TestAdapter) => Promise<void>;
  /** The browser call that reaches the provider (through a lease where the provider uses one). */
  call: (a: TestAdapter) => Promise<Response>;
  /** Its answer when the provider answers (the second instance, with the sandbox's fakes). */
  ok: number;
  /** Fakes for the second instance. */
  handlers: () => Parameters<typeof mockProviders>;
}

const invoiceCreds = createSmartbillScrapeApiFake();
const CASES: Case[] = [
  {
    provider: 'Ecount (login, under a lease)',
    config: { ecount: ecountConfig({ limits: WIDE_LIMITS }), encryptionKey: KEY },
    call: async (a) => a.post('/ecount/connect', {}, await authHeader()),
    ok: 200,
    handlers: () => createEcountFake({ limits: WIDE_LIMITS }).handlers,
  },
  {
    provider: 'Iamport (token, under a lease)',
    config: { iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret } },
    call: async (a) => a.post('/iamport/certifications', { imp_uid: 'imp_123456789012', merchant_uid: 'close-1' }, await authHeader()),
    // The fake knows no such certification: Iamport's refusal, after the token (what the lease guards) was fetched.
    ok: 404,
    handlers: () => createIamportFake().handlers,
  },
  {
    provider: 'SmartBill Open API (invoice list)',
    config: { smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false } } },
    async prepare(a) {
      const issued = invoiceCreds.issueCredentials(TEST_COM, 'sb_close');
      const signups = new SmartbillSignupStore(a.adapter.store, createCrypto({ key: KEY }));
      await signups.createAttempt({ env: 'demo', comRegNo: TEST_COM, pID: 'close', sub: 'close' }, Date.now() - 60_000);
      await signups.recordCallback(
        { COM_REGNO: TEST_COM, ...issued, SBID: 'sb_close', pID: 'close', Email: null, regYn: 'Y', shape: 'current', extra: {} },
        Date.now(),
      );
    },
    call: async (a) =>
      a.call(
        `/smartbill/invoices?${new URLSearchParams({ comRegNo: TEST_COM, dateKind: 'W', type: 'AR', from: addDays(kstToday(Date.now()), -7), to: kstToday(Date.now()) })}`,
        {
          headers: await authHeader({ scope: 'smartbill:invoices' }),
        },
      ),
    ok: 200,
    handlers: () => invoiceCreds.handlers,
  },
  {
    provider: 'Benecafe (OTP check)',
    config: {
      benecafe: {
        mainUrl: 'https://shop.partner.example/main',
        timeoutMs: 60_000,
        gateOrigins: [MALL_ORIGIN],
        otpHosts: ['cert.benecafe.co.kr'],
      },
    },
    call: (a) => postGate(a, gateFields('otp-token-for-close-0123456789')),
    ok: 0, // not checked on a second instance: the gate holds no lease
    handlers: () => [],
  },
];

describe(`close with a provider call in flight (${testStoreKind})`, () => {
  after(() => mockProviders());

  for (const c of CASES) {
    it(`${c.provider}: close aborts the call, ends within its grace, and frees the store for another instance`, async () => {
      const store = await freshTestStore();
      const upstream = neverAnswering();
      const first = await startTestAdapter({ ...c.config, store: store.config }, { fetch: upstream.fetch });
      let second: TestAdapter | undefined;
      let firstClosed = false;
      try {
        await c.prepare?.(first);
        const answer = c.call(first).then(
          async (r) => `${r.status} ${await r.text()}`,
          () => 'cut' as const,
        );
        const reached = await bounded('the provider call', Promise.race([upstream.firstCall.then(() => 'called'), answer]), 10_000);
        assert.equal(reached, 'called', 'the call reached the provider (instead of answering at once)');
        const started = Date.now();
        firstClosed = true;
        await bounded(`close with a ${c.provider} call in flight`, first.close({ closeGraceMs: GRACE_MS }), CLOSE_BOUND_MS);
        const took = Date.now() - started;
        assert.ok(took < CLOSE_BOUND_MS, `close took ${took} ms`);
        assert.equal(await answer, 'cut', 'the waiting client was cut at the end of the grace');
        assert.ok(
          !first.logs.some((l) => /"unhandled error"|"level":"error"/.test(l)),
          first.logs.filter((l) => l.includes('error')).join('\n'),
        );
        if (!c.ok) return;
        // Another instance on the same store, with a provider that answers, does the work now (the lease is free).
        mockProviders(...c.handlers());
        second = await startTestAdapter({ ...c.config, store: store.config });
        const res = await bounded('the same call on another instance', c.call(second), 10_000);
        assert.equal(res.status, c.ok, await res.text());
      } finally {
        if (!firstClosed) await first.close();
        await second?.close();
        await store.drop();
      }
    });
  }
});
