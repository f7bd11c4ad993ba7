// `npm run bench`: benchmarks, not tests. Loopback only, bounded in count and time.
//  1. Iamport upstream economy: N verifications → upstream calls (SPEC: ≤ N + 1).
//  2. Adapter throughput: requests/s of the adapter's POST /iamport/certifications
//     refusal path and GET /health, against a bare Hono "hello" route on the same machine.
//  3. First render: element created → rendered and interactive, median over 200, in
//     headless Chromium (SPEC: < 16 ms). Needs `npm run build`.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { setupServer } from 'msw/node';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createIamportFake, SANDBOX_IAMPORT } from '../src/iamport/sandbox/fake-api.ts';
import { startServer } from '../src/adapter/server.ts';
import { launchChromium } from '../test/helpers/e2e.ts';
import { elementEntries } from '../vite.config.ts';

const DB = '.test-tmp/bench.db';
const cleanup = () => ['', '-wal', '-shm'].forEach((s) => rmSync(DB + s, { force: true }));

async function load(url: string, init: () => RequestInit, { concurrency = 32, seconds = 3, max = 200_000 } = {}) {
  let done = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && done < max) {
        const res = await fetch(url, init()).catch(() => undefined);
        if (!res) errors += 1;
        else await res.arrayBuffer();
        done += 1;
      }
    }),
  );
  return { rps: Math.round(done / seconds), errors };
}

cleanup();
const fake = createIamportFake();
const msw = setupServer(...fake.handlers);
msw.listen({ onUnhandledRequest: 'bypass' });
const adapter = await startServer(
  {
    store: { sqlite: DB },
    log: 'silent',
    auth: { mode: 'none' },
    iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret },
    smartbill: { environment: 'demo', encryptionKey: randomBytes(32).toString('base64'), callbackIpAllowList: { enabled: false } },
  },
  { port: 0 },
);

// 1. Upstream economy
for (const n of [50, 500]) {
  const before = { ...fake.calls };
  const certs = Array.from({ length: n }, (_, i) => fake.addCertification({ merchant_uid: `bench-${n}-${i}` }));
  const started = performance.now();
  const statuses = await Promise.all(
    certs.map((c) =>
      fetch(`${adapter.url}/iamport/certifications`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ imp_uid: c.imp_uid, merchant_uid: c.merchant_uid }),
      }).then((r) => r.status),
    ),
  );
  const ms = performance.now() - started;
  const calls = fake.calls.getToken - before.getToken + (fake.calls.certification - before.certification);
  console.log(
    `iamport: ${n} concurrent verifications → ${statuses.filter((s) => s === 201).length} verified, ${calls} upstream calls ` +
      `(${fake.calls.getToken - before.getToken} getToken), ${Math.round(ms)} ms`,
  );
}
msw.close();

// 2. Throughput against a bare Hono hello route
const hello = new Hono().get('/', (c) => c.text('hello'));
const bare = await new Promise<ReturnType<typeof serve>>((ok) => {
  const s = serve({ fetch: hello.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
});
const barePort = (bare.address() as { port: number }).port;
const baseline = await load(`http://127.0.0.1:${barePort}/`, () => ({}));
const health = await load(`${adapter.url}/health`, () => ({}));
const refused = await load(`${adapter.url}/iamport/certifications`, () => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: '{"imp_uid":"bad"}',
}));
let seq = 0;
const callbacks = await load(`${adapter.url}/smartbill/callback`, () => {
  const n = String(++seq).padStart(6, '0');
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // Demo env: business numbers need not pass the check digit; each callback is new (stored, encrypted, fsynced).
    body: JSON.stringify({
      COM_REGNO: `1000${n}`,
      AUTH_TOKEN: `token-${n}-${'t'.repeat(40)}`,
      AUTH_CODE: `code${n}${'c'.repeat(22)}`,
      Email: 'a@b.kr',
      pID: 'p',
      SBID: `sb${n}`,
      regYn: 'Y',
    }),
  };
});
console.log(`throughput (32 concurrent, 3 s each, loopback, client in the same process):`);
console.log(`  bare hono hello             ${baseline.rps} req/s`);
console.log(`  adapter GET /health         ${health.rps} req/s (${Math.round((health.rps / baseline.rps) * 100)}% of bare)`);
console.log(`  adapter POST bad certify    ${refused.rps} req/s (${Math.round((refused.rps / baseline.rps) * 100)}% of bare)`);
console.log(
  `  adapter POST smartbill cb   ${callbacks.rps} req/s (${Math.round((callbacks.rps / baseline.rps) * 100)}% of bare; SPEC ≥ 50%), ${callbacks.errors} errors`,
);

bare.close();
await adapter.close();
cleanup();

// 3. First render in Chromium
const demo = await startServer(
  { sandbox: true, basePath: '/api', store: { sqlite: DB }, log: 'silent' },
  { port: 0, demo: { root: process.cwd() } },
);
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${demo.url}/demo/`);
for (const tag of Object.keys(elementEntries).filter((t) => t !== 'erp-widgets')) {
  const times = await page.evaluate(async (tagName) => {
    await customElements.whenDefined(tagName);
    const out: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const el = document.createElement(tagName) as HTMLElement & { updateComplete: Promise<unknown> };
      el.setAttribute('adapter', '/api');
      document.body.append(el);
      await el.updateComplete;
      if (!el.shadowRoot?.querySelector('button, input, a, [role]')) throw new Error(`${tagName} rendered nothing interactive`);
      out.push(performance.now() - t0);
      el.remove();
    }
    return out.sort((a, b) => a - b);
  }, tag);
  console.log(`first render ${tag}: median ${times[100]!.toFixed(2)} ms, p95 ${times[190]!.toFixed(2)} ms (200 runs, headless Chromium)`);
}
await browser.close();
await demo.close();
cleanup();
