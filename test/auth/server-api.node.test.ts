import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { TEST_AUTH_SECRET, TEST_COM } from '../helpers/auth.ts';

const KEYS = ['server-key-current-0123456789abcdefghij', 'server-key-previous-0123456789abcdefghi'];
const ORIGIN = 'https://erp.example.com';

describe('server API (/server/…): server keys, browsers refused', () => {
  let adapter: TestAdapter;
  before(async () => {
    adapter = await startTestAdapter({
      allowedOrigins: [ORIGIN],
      auth: { secret: TEST_AUTH_SECRET, serverKeys: KEYS },
      iamport: { impKey: 'k', impSecret: 's' },
    });
  });
  after(() => adapter.close());

  const mint = (headers: Record<string, string>, body: unknown = { sub: 'kim', com: TEST_COM, scope: 'iamport:certify' }) =>
    adapter.serverApi('POST', '/page-tokens', { body, headers, key: null });
  const key = (k: string) => ({ Authorization: `Bearer ${k}` });

  it('mints a page token with either configured key (rotation), usable on a browser route', async () => {
    for (const k of KEYS) {
      const res = await mint(key(k));
      assert.equal(res.status, 201);
      const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: number };
      assert.ok(expiresAt > Date.now());
      const use = await adapter.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${token}` });
      assert.equal((await errorOf(use)).code, 'invalid_request', 'past the token check');
    }
  });

  it('refuses a lifetime over 15 minutes and bad claims', async () => {
    const over = await mint(key(KEYS[0]!), { sub: 'kim', com: TEST_COM, scope: 'iamport:certify', ttlSeconds: 901 });
    assert.equal((await errorOf(over)).code, 'invalid_request');
    assert.equal((await errorOf(await mint(key(KEYS[0]!), { sub: 'kim', com: '12', scope: 'x' }))).code, 'invalid_request');
  });

  const refused: [string, Record<string, string>, number, string][] = [
    ['no key', {}, 401, 'server_key_missing'],
    ['a wrong key', key('server-key-wrong-00000000000000000000000'), 401, 'server_key_invalid'],
    ['a page token instead of a key', key('eyJhbGciOiJIUzI1NiJ9.e30.x'), 401, 'server_key_invalid'],
    ['an Origin header (a page), even with a valid key', { ...key(KEYS[0]!), Origin: ORIGIN }, 403, 'browser_not_allowed'],
    ['Sec-Fetch-Mode (a browser), even with a valid key', { ...key(KEYS[0]!), 'Sec-Fetch-Mode': 'cors' }, 403, 'browser_not_allowed'],
    ['Sec-Fetch-Mode: navigate', { ...key(KEYS[0]!), 'Sec-Fetch-Mode': 'navigate' }, 403, 'browser_not_allowed'],
    // Any Sec-Fetch-* header, alone, means a browser (issue 18 item 6: Sec-Fetch-Site alone passed).
    ['Sec-Fetch-Site alone', { ...key(KEYS[0]!), 'Sec-Fetch-Site': 'same-origin' }, 403, 'browser_not_allowed'],
    ['Sec-Fetch-Dest alone', { ...key(KEYS[0]!), 'Sec-Fetch-Dest': 'empty' }, 403, 'browser_not_allowed'],
    ['Sec-Fetch-User alone', { ...key(KEYS[0]!), 'Sec-Fetch-User': '?1' }, 403, 'browser_not_allowed'],
    ['Sec-Fetch-Storage-Access alone', { ...key(KEYS[0]!), 'Sec-Fetch-Storage-Access': 'none' }, 403, 'browser_not_allowed'],
  ];
  for (const [name, headers, status, code] of refused) {
    it(`refuses ${name}: ${status} ${code}, without CORS headers`, async () => {
      const res = await mint(headers);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const err = await errorOf(res);
      assert.deepEqual([err.status, err.code], [status, code]);
    });
  }

  it("refuses Node's global fetch, which sends Sec-Fetch-Mode like a browser", async () => {
    const res = await adapter.post('/server/page-tokens', { sub: 'kim', com: TEST_COM, scope: 'iamport:certify' }, key(KEYS[0]!));
    assert.equal((await errorOf(res)).code, 'browser_not_allowed');
  });

  it('answers no CORS preflight', async () => {
    const res = await adapter.call('/server/page-tokens', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('never logs a server key', async () => {
    await mint(key(KEYS[1]!));
    for (const k of KEYS) assert.equal(adapter.logs.join('\n').includes(k), false);
  });

  it('answers 503 not_configured when no server key is set', async () => {
    const bare = await startTestAdapter({ auth: { secret: TEST_AUTH_SECRET } });
    try {
      assert.deepEqual((await errorOf(await bare.serverApi('POST', '/page-tokens', { body: {}, key: KEYS[0]! }))).code, 'not_configured');
    } finally {
      await bare.close();
    }
  });
});
