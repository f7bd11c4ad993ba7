import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createBenecafeFake } from '../../src/benecafe/sandbox/fake-api.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

/**
 * SPEC §3: every route fuzzed with malformed input gives no 5xx and no crash.
 * Provider fakes answer (so a request that gets far enough gets real answers);
 * each malformed request must end in a 2xx–4xx, with a JSON error envelope on 4xx
 * (or HTML for the gate's browser-navigation error page), and the adapter stays healthy.
 */
const ROUTES: [method: string, path: string][] = [
  ['GET', '/health'],
  ['POST', '/iamport/certifications'],
  ['POST', '/smartbill/signups'],
  ['GET', '/smartbill/signups/abc'],
  ['POST', '/smartbill/callback'],
  ['POST', '/benecafe/gate'],
  ['GET', '/benecafe/session'],
  ['DELETE', '/benecafe/session'],
];

// A deterministic generator, so a failure can be replayed.
let seed = 0x5eed;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const nasty = [
  '',
  ' ',
  '\u0000',
  '%',
  '%zz',
  '💥',
  '../../etc/passwd',
  '<script>',
  "'; DROP TABLE x;--",
  '1e400',
  '-0',
  'NaN',
  'null',
  'true',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'x'.repeat(3000),
  'https://127.0.0.1/',
  'http://169.254.169.254/',
  '//evil.example',
  'javascript:alert(1)',
];
const values = (): unknown =>
  pick<() => unknown>([
    () => pick(nasty),
    () => rand() * 1e308,
    () => -1,
    () => null,
    () => [pick(nasty), 1, null],
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } }),
    () => ({ nested: { deeper: { deepest: pick(nasty) } } }),
    () => true,
  ])();
const FIELDS = [
  'imp_uid',
  'merchant_uid',
  'env',
  'form',
  'COM_REGNO',
  'AUTH_TOKEN',
  'AUTH_CODE',
  'SBID',
  'pID',
  'regYn',
  'regYN',
  'USER_SBID',
  'otpToken',
  'CUS_URL',
  'DirectFlag',
  'DirectURL',
  'BaroItem',
  'pointnameBase64',
  'CFM_CUS_ID',
];

function body(): { type: string | undefined; data: BodyInit | undefined } {
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < 1 + Math.floor(rand() * 6); i++) obj[pick(FIELDS)] = values();
  return pick<() => { type: string | undefined; data: BodyInit | undefined }>([
    () => ({ type: 'application/json', data: JSON.stringify(obj) }),
    () => ({ type: 'application/json', data: JSON.stringify(values()) }),
    () => ({ type: 'application/json', data: '{"a":' }),
    () => ({ type: 'application/json', data: '['.repeat(5000) }),
    () => ({
      type: 'application/x-www-form-urlencoded',
      data: new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)])).toString(),
    }),
    () => ({ type: 'application/x-www-form-urlencoded', data: '%E0%A4%A=&&=&a=%' }),
    () => ({ type: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xy' }),
    () => ({ type: 'text/plain', data: randomBytes(64) }),
    () => ({ type: undefined, data: randomBytes(32) }),
    () => ({ type: 'application/json; charset=euc-kr', data: Buffer.from([0xc7, 0xd1, 0xb1, 0xdb]) }),
  ])();
}

describe('fuzzing every route with malformed input', () => {
  let adapter: TestAdapter;
  let AUTH: Record<string, string> = {};
  before(async () => {
    AUTH = await authHeader();
    const iamport = createIamportFake();
    const benecafe = createBenecafeFake();
    mockProviders(...iamport.handlers, ...benecafe.handlers);
    adapter = await startTestAdapter({
      allowedOrigins: ['https://erp.example.com'],
      bodyLimitBytes: 16 * 1024,
      iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret, timeoutMs: 300 },
      smartbill: {
        environment: 'demo',
        encryptionKey: randomBytes(32).toString('base64'),
        callbackIpAllowList: { enabled: false },
        longPollMs: 0,
      },
      benecafe: {
        mainUrl: 'https://shop.example.com/main',
        timeoutMs: 300,
        gateOrigins: ['https://www.benecafe.co.kr'],
        otpHosts: ['*.benecafe.co.kr'],
      },
      limits: { perIp: null, perToken: null },
    });
  });
  after(() => adapter.close());

  for (const [method, path] of ROUTES) {
    it(`${method} ${path}: 60 malformed requests, no 5xx, error envelopes on 4xx`, async () => {
      for (let i = 0; i < 60; i++) {
        const b = method === 'GET' || method === 'DELETE' ? { type: undefined, data: undefined } : body();
        const query = rand() < 0.5 ? `?${pick(['token', 'wait', 'x', '%zz', 'a[b]'])}=${encodeURIComponent(String(pick(nasty)))}` : '';
        const headers: Record<string, string> = {};
        if (b.type) headers['Content-Type'] = b.type;
        if (rand() < 0.3) headers.Cookie = `benecafe_session=${pick(nasty).replace(/[^\x21-\x7e]/g, '')}`;
        if (rand() < 0.2) headers.Origin = pick(['https://erp.example.com', 'https://evil.example', 'null']);
        if (rand() < 0.2) headers.Accept = 'text/html';
        // Mostly a valid page token, so the malformed input reaches the route behind the token check.
        if (rand() < 0.8) Object.assign(headers, AUTH);
        else if (rand() < 0.5) headers.Authorization = `Bearer ${pick(nasty).replace(/[^\x21-\x7e]/g, '')}`;
        const res = await adapter.call(`${path}${query}`, { method, headers, body: b.data, redirect: 'manual' });
        const text = await res.text();
        assert.ok(res.status < 500, `${method} ${path}${query} (${b.type}) → ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400 && !(res.headers.get('content-type') ?? '').includes('text/html')) {
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          assert.equal(typeof parsed.error?.code, 'string', text.slice(0, 200));
          assert.equal(typeof parsed.error?.message, 'string');
        }
      }
      assert.equal((await adapter.call('/health')).status, 200, 'still healthy');
    });
  }
});
