import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader, mintTestToken } from '../helpers/auth.ts';

const KEY = randomBytes(32).toString('base64');
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

/** Raw HTTP/1.1 over a socket: what a slow or oversized client really sends. */
function rawExchange(port: number, write: (s: ReturnType<typeof connect>) => void): Promise<{ text: string; reset: boolean; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => write(s));
    let text = '';
    let reset = false;
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('error', () => (reset = true));
    s.on('close', () => resolve({ text, reset, ms: Date.now() - started }));
  });
}

describe('limits on browser routes (issue 9 item 5)', () => {
  it('per-IP rate limit: 429 rate_limited with Retry-After once the bucket is empty', async () => {
    const a = await startTestAdapter({ limits: { perIp: { capacity: 3, refillPerSecond: 0.01 }, perToken: null } });
    try {
      const statuses = [];
      const auth = await authHeader();
      for (let i = 0; i < 3; i++) statuses.push((await a.post('/iamport/certifications', {}, auth)).status);
      assert.deepEqual(statuses, [503, 503, 503], 'not configured, but answered');
      const res = await a.post('/iamport/certifications', {}, auth);
      assert.equal(res.headers.get('retry-after'), '100');
      assert.deepEqual(Object.values(await errorOf(res)).slice(0, 2), [429, 'rate_limited']);
      assert.equal((await a.call('/health')).status, 200, 'provider-facing and health routes are not browser routes');
    } finally {
      await a.close();
    }
  });

  it('per-token rate limit: each bearer token has its own bucket', async () => {
    const a = await startTestAdapter({ limits: { perIp: null, perToken: { capacity: 2, refillPerSecond: 0.01 } } });
    try {
      const as = (token: string) => a.post('/iamport/certifications', {}, { Authorization: `Bearer ${token}` }).then((r) => r.status);
      const [ta, tb] = [await mintTestToken({ sub: 'a' }), await mintTestToken({ sub: 'b' })];
      assert.deepEqual([await as(ta), await as(ta), await as(ta)], [503, 503, 429]);
      assert.equal(await as(tb), 503);
      const d = await a.adapter.store.all<{ bucket_key: string }>('SELECT bucket_key FROM rate_limits');
      assert.ok(
        d.length === 2 && d.every((r) => !r.bucket_key.includes(ta.slice(-20)) && !r.bucket_key.includes(tb.slice(-20))),
        'the store keeps hashes, not tokens',
      );
    } finally {
      await a.close();
    }
  });

  describe('long-poll caps', () => {
    let a: TestAdapter;
    let id: string;
    let token: string;
    let auth: Record<string, string>;
    before(async () => {
      auth = await authHeader();
      a = await startTestAdapter({
        trustedProxies: ['127.0.0.1'],
        limits: { perIp: null, perToken: null, longPolls: 2, longPollsPerClient: 1 },
        smartbill: { environment: 'production', encryptionKey: KEY, longPollMs: 10_000, callbackIpAllowList: { enabled: false } },
      });
      const created = (await (await a.post('/smartbill/signups', { env: 'production', form: FORM }, auth)).json()) as {
        id: string;
        token: string;
      };
      ({ id, token } = created);
    });
    after(() => a.close());

    it('per client and in all: 429 too_many_long_polls with Retry-After, the slot is freed when a poll ends', async () => {
      const poll = (client: string, signal?: AbortSignal) =>
        a.call(`/smartbill/signups/${id}?token=${token}&wait=10000`, { headers: { 'X-Forwarded-For': client, ...auth }, signal });
      const first = new AbortController();
      const open1 = poll('203.0.113.1', first.signal).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      const same = await poll('203.0.113.1');
      assert.equal(same.headers.get('retry-after'), '5');
      assert.equal((await errorOf(same)).code, 'too_many_long_polls');

      const second = new AbortController();
      const open2 = poll('203.0.113.2', second.signal).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await errorOf(await poll('203.0.113.3'))).code, 'too_many_long_polls', 'global cap of 2');
      assert.equal(
        (await a.call(`/smartbill/signups/${id}?token=${token}&wait=0`, { headers: auth })).status,
        200,
        'a plain read is not a long-poll',
      );

      first.abort();
      await open1;
      await new Promise((r) => setTimeout(r, 1300)); // the aborted poll notices at its next wake-up
      const res = await a.call(`/smartbill/signups/${id}?token=${token}&wait=100`, {
        headers: { 'X-Forwarded-For': '203.0.113.3', ...auth },
      });
      assert.equal(res.status, 200, 'a freed slot is reused');
      second.abort();
      await open2;
    });
  });

  it('server timeouts: headers within 10 s and the whole request within 30 s by default', async () => {
    const a = await startTestAdapter({});
    try {
      const server = a.server as import('node:http').Server;
      assert.ok(server.headersTimeout <= 10_000 && server.headersTimeout > 0, `headersTimeout ${server.headersTimeout}`);
      assert.ok(server.requestTimeout <= 30_000 && server.requestTimeout > 0, `requestTimeout ${server.requestTimeout}`);
    } finally {
      await a.close();
    }
  });

  it('a slow body is cut with 408 when the request timeout passes', async () => {
    const a = await startTestAdapter({ iamport: { impKey: 'k', impSecret: 's' } }, {}, { timeouts: { headersMs: 500, requestMs: 1000 } });
    const token = await mintTestToken();
    try {
      const port = Number(new URL(a.url).port);
      const r = await rawExchange(port, (s) =>
        s.write(
          `POST /iamport/certifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"imp`,
        ),
      );
      assert.match(r.text, /^HTTP\/1\.1 408/);
      assert.ok(r.ms < 5000, `closed after ${r.ms} ms`);
    } finally {
      await a.close();
    }
  });

  it('an early 413 says Connection: close and the socket ends cleanly (no reset after keep-alive)', async () => {
    const a = await startTestAdapter({ bodyLimitBytes: 1024 });
    try {
      const port = Number(new URL(a.url).port);
      const r = await rawExchange(port, (s) => {
        s.write('POST /iamport/certifications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n');
        s.write('x'.repeat(4096));
      });
      assert.match(r.text, /^HTTP\/1\.1 413/);
      assert.match(r.text, /\r\nconnection: close\r\n/i);
      assert.doesNotMatch(r.text, /keep-alive/i);
    } finally {
      await a.close();
    }
  });
});
