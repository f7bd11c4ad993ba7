import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAdapter } from '../../src/server.ts';
import { createTokenVerifier, mintPageToken } from '../../src/core/server/auth/page-token.ts';
import { parseConfig } from '../../src/core/server/config.ts';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { ALL_SCOPES, mintTestToken, TEST_AUTH, TEST_AUTH_SECRET, TEST_COM } from '../helpers/auth.ts';

const KEY = Buffer.alloc(32, 3).toString('base64');
const OTHER_COM = '1111111119';
const FORM = {
  pComRegNo: TEST_COM,
  pComName: '주식회사 테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};
const config = {
  iamport: { impKey: 'k', impSecret: 's', timeoutMs: 300 },
  smartbill: { environment: 'production', encryptionKey: KEY, longPollMs: 0, callbackIpAllowList: { enabled: false } },
} as const;

/** An HS256 JWT built by hand with node:crypto (no JWT library), as an ERP in any language would. */
function handMadeToken(claims: Record<string, unknown>, secret = TEST_AUTH_SECRET, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const nowSec = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  sub: 'hand-user',
  com: TEST_COM,
  scope: ALL_SCOPES,
  aud: 'erp-widgets',
  iat: nowSec(),
  exp: nowSec() + 300,
  ...over,
});

/** Every browser route that needs a page token, with its scope and a request that passes the token check. */
const ROUTES: { name: string; scope: string; send: (a: TestAdapter, headers: Record<string, string>) => Promise<Response> }[] = [
  {
    name: 'POST /iamport/certifications',
    scope: 'iamport:certify',
    send: (a, h) => a.post('/iamport/certifications', { imp_uid: 'bad' }, h),
  },
  {
    name: 'POST /smartbill/signups',
    scope: 'smartbill:signup',
    send: (a, h) => a.post('/smartbill/signups', { env: 'production', form: { ...FORM, pComName: '' } }, h),
  },
  {
    name: 'GET /smartbill/signups/:id',
    scope: 'smartbill:signup',
    send: (a, h) => a.call('/smartbill/signups/00000000-0000-4000-8000-000000000000?token=' + 'A'.repeat(32), { headers: h }),
  },
];

describe('page tokens on every browser route', () => {
  let adapter: TestAdapter;
  before(async () => {
    adapter = await startTestAdapter(config);
  });
  after(() => adapter.close());

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const refusals: [string, () => Promise<Record<string, string>>, number, string][] = [
    ['missing', async () => ({}), 401, 'token_missing'],
    ['not Bearer', async () => ({ Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), 401, 'token_invalid'],
    [
      'forged (another secret)',
      async () => bearer(await mintTestToken({ secret: 'an-attacker-secret-0123456789abcdef' })),
      401,
      'token_invalid',
    ],
    ['garbage', async () => bearer('not.a.jwt'), 401, 'token_invalid'],
    ['expired', async () => bearer(await mintTestToken({ now: Date.now() - 20 * 60_000, ttlSeconds: 600 })), 401, 'token_expired'],
    ['wrong audience', async () => bearer(await mintTestToken({ audience: 'another-adapter' })), 401, 'token_invalid'],
    ['alg none', async () => bearer(handMadeToken(claims(), '', { alg: 'none' }).replace(/[^.]*$/, '')), 401, 'token_invalid'],
    ['exp more than 15 min after iat', async () => bearer(handMadeToken(claims({ exp: nowSec() + 16 * 60 }))), 401, 'token_invalid'],
    ['iat in the future', async () => bearer(handMadeToken(claims({ iat: nowSec() + 600, exp: nowSec() + 900 }))), 401, 'token_invalid'],
    ['com not a business number', async () => bearer(handMadeToken(claims({ com: '12345' }))), 401, 'token_invalid'],
    ['no sub', async () => bearer(handMadeToken(claims({ sub: undefined }))), 401, 'token_invalid'],
  ];

  for (const route of ROUTES) {
    describe(route.name, () => {
      for (const [name, headers, status, code] of refusals) {
        it(`refuses a ${name} token: ${status} ${code}`, async () => {
          const err = await errorOf(await route.send(adapter, await headers()));
          assert.deepEqual([err.status, err.code], [status, code], err.message);
        });
      }
      it('refuses a token without its scope: 403 scope_missing', async () => {
        const other = ALL_SCOPES.split(' ')
          .filter((s) => s !== route.scope)
          .join(' ');
        const err = await errorOf(await route.send(adapter, bearer(await mintTestToken({ scope: other }))));
        assert.deepEqual([err.status, err.code], [403, 'scope_missing']);
        assert.match(err.message, new RegExp(route.scope));
      });
      it('accepts a token from jose and one built by hand with node:crypto (independent HS256)', async () => {
        for (const token of [await mintTestToken({ scope: route.scope }), handMadeToken(claims({ scope: route.scope }))]) {
          const res = await route.send(adapter, bearer(token));
          assert.ok(![401, 403].includes(res.status), `${res.status} ${await res.text()}`);
        }
      });
      it('tolerates 60 s of clock skew on exp, not more', async () => {
        const skewed = handMadeToken(claims({ scope: route.scope, iat: nowSec() - 330, exp: nowSec() - 30 }));
        assert.ok(![401, 403].includes((await route.send(adapter, bearer(skewed))).status));
        const late = handMadeToken(claims({ scope: route.scope, iat: nowSec() - 400, exp: nowSec() - 90 }));
        assert.equal((await errorOf(await route.send(adapter, bearer(late)))).code, 'token_expired');
      });
    });
  }

  describe('tenants: the signup-attempt hijack', () => {
    const register = async (com: string, sub: string, form = FORM) =>
      adapter.post('/smartbill/signups', { env: 'production', form }, bearer(await mintTestToken({ com, sub })));

    it("refuses an attempt for another company's business number: 403 tenant_mismatch, nothing stored", async () => {
      const err = await errorOf(await register(OTHER_COM, 'attacker'));
      assert.deepEqual([err.status, err.code], [403, 'tenant_mismatch']);
      const n = await adapter.adapter.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM smartbill_attempts WHERE sub = ?', ['attacker']);
      assert.equal(Number(n?.n), 0);
    });

    it('only the user who registered the attempt reads it, even with its attempt token', async () => {
      const created = (await (await register(TEST_COM, 'owner')).json()) as { id: string; token: string };
      const read = async (com: string, sub: string) =>
        adapter.call(`/smartbill/signups/${created.id}?token=${created.token}`, { headers: bearer(await mintTestToken({ com, sub })) });
      assert.equal((await read(TEST_COM, 'owner')).status, 200);
      for (const [com, sub] of [
        [TEST_COM, 'colleague'],
        [OTHER_COM, 'owner'],
      ] as const) {
        const err = await errorOf(await read(com, sub));
        assert.deepEqual([err.status, err.code], [404, 'not_found']);
      }
    });
  });
});

describe('verified page tokens are remembered until they expire', () => {
  it('a cached token is still refused from exp + 60 s on, and its principal is frozen', async () => {
    let clock = Date.now();
    const a = await startTestAdapter(config, { now: () => clock });
    try {
      const token = handMadeToken(claims({ scope: 'iamport:certify', iat: nowSec(), exp: nowSec() + 120 }));
      const send = () => a.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${token}` });
      assert.equal((await errorOf(await send())).code, 'invalid_request', 'accepted, then the body is refused');
      assert.equal((await errorOf(await send())).code, 'invalid_request', 'accepted again (from the cache)');
      clock += 179_000;
      assert.equal((await errorOf(await send())).code, 'invalid_request', 'within the 60 s of skew after exp');
      clock += 2_000;
      assert.equal((await errorOf(await send())).code, 'token_expired', 'past exp + 60 s, even though it was cached');
    } finally {
      await a.close();
    }
  });

  it('the same token gives the same frozen principal (no request can change what the next one sees)', async () => {
    const verify = createTokenVerifier(parseConfig({ auth: TEST_AUTH }, []).auth, Date.now);
    const token = await mintTestToken({ scope: 'iamport:certify' });
    const [first, second] = [await verify(token), await verify(token)];
    assert.equal(first, second, 'one verification, remembered');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.scopes));
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    await assert.rejects(verify(forged), /not valid/, 'a changed signature is checked, not looked up');
  });
});

describe('page-token keys and modes', () => {
  it('accepts EdDSA and ES256 tokens signed by the ERP, verified with the public key from config', async () => {
    const ed = generateKeyPairSync('ed25519');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = (k: typeof ed.publicKey) => k.export({ type: 'spki', format: 'pem' }).toString();
    const a = await startTestAdapter({
      ...config,
      auth: {
        publicKeys: [
          { alg: 'EdDSA', pem: pem(ed.publicKey) },
          { alg: 'ES256', pem: pem(ec.publicKey), kid: 'ec-1' },
        ],
      },
    });
    try {
      const send = (token: string) => a.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${token}` });
      const base = { sub: 'u', com: TEST_COM, scope: 'iamport:certify' };
      const { token: edToken } = await mintPageToken({ ...base, alg: 'EdDSA', privateKey: ed.privateKey });
      const { token: ecToken } = await mintPageToken({ ...base, alg: 'ES256', privateKey: ec.privateKey, kid: 'ec-1' });
      assert.equal((await errorOf(await send(edToken))).code, 'invalid_request', 'EdDSA accepted');
      assert.equal((await errorOf(await send(ecToken))).code, 'invalid_request', 'ES256 accepted');
      const stranger = generateKeyPairSync('ed25519');
      assert.equal(
        (await errorOf(await send((await mintPageToken({ ...base, alg: 'EdDSA', privateKey: stranger.privateKey })).token))).code,
        'token_invalid',
      );
      // An HS256 token is refused when no secret is configured (no algorithm confusion with the public key).
      assert.equal((await errorOf(await send(await mintTestToken()))).code, 'token_invalid');
    } finally {
      await a.close();
    }
  });

  it('without a key in token mode: a start-up warning naming auth, and every token refused (fail closed)', async () => {
    const a = await startTestAdapter({ ...config, auth: {} });
    try {
      assert.ok(a.logs.some((l) => l.includes('"warn"') && l.includes('auth.secret')));
      const res = await a.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${await mintTestToken()}` });
      assert.equal((await errorOf(res)).code, 'token_invalid');
    } finally {
      await a.close();
    }
  });

  it('mode none only when written, with a start-up warning', async () => {
    const a = await startTestAdapter({ ...config, auth: { mode: 'none' } });
    try {
      assert.ok(
        a.logs.some((l) => l.includes('"warn"') && l.includes('auth.mode is \\"none\\"')),
        a.logs.join('\n'),
      );
      assert.equal((await errorOf(await a.post('/iamport/certifications', { imp_uid: 'bad' }))).code, 'invalid_request');
    } finally {
      await a.close();
    }
  });

  it('iamport.anonymous lets a request without a token verify, and still refuses a bad token', async () => {
    const a = await startTestAdapter({ ...config, iamport: { ...config.iamport, anonymous: true } });
    try {
      assert.equal((await errorOf(await a.post('/iamport/certifications', { imp_uid: 'bad' }))).code, 'invalid_request');
      const forged = await mintTestToken({ secret: 'an-attacker-secret-0123456789abcdef' });
      assert.equal(
        (await errorOf(await a.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${forged}` }))).code,
        'token_invalid',
      );
      // Other routes still need a token.
      assert.equal((await errorOf(await a.post('/smartbill/signups', { form: FORM }))).code, 'token_missing');
    } finally {
      await a.close();
    }
  });
});

describe('embedded in node:http with the ERP session cookie (authorize hook)', () => {
  it('acts for the user the cookie names; no cookie and no token is token_missing', async () => {
    const sessions = new Map([['s3cr3t-session', { sub: 'kim', com: TEST_COM, scopes: ['smartbill:signup'] }]]);
    const adapter = createAdapter(
      { store: { sqlite: ':memory:' }, log: 'silent', basePath: '/widgets', auth: TEST_AUTH, smartbill: config.smartbill },
      {
        authorize: (request) => {
          const id = /(?:^|;\s*)erp_session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
          return (id && sessions.get(id)) || null;
        },
      },
    );
    // The ERP's own Node server: its routes, and the adapter mounted under /widgets.
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/widgets/')) return void res.writeHead(404).end();
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const response = await adapter.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    };
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widgets`;
    const register = (headers: Record<string, string>, form = FORM) =>
      fetch(`${base}/smartbill/signups`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ form }),
      });
    try {
      assert.equal((await register({ Cookie: 'erp_session=s3cr3t-session' })).status, 201);
      assert.equal(
        (await errorOf(await register({ Cookie: 'erp_session=s3cr3t-session' }, { ...FORM, pComRegNo: OTHER_COM }))).code,
        'tenant_mismatch',
      );
      assert.equal((await errorOf(await register({ Cookie: 'erp_session=guessed' }))).code, 'token_missing');
      assert.equal((await errorOf(await register({}))).code, 'token_missing');
      // Without the cookie a page token still works.
      assert.equal((await register({ Authorization: `Bearer ${await mintTestToken()}` })).status, 201);
    } finally {
      server.close();
      await adapter.close();
    }
  });
});

describe('the sandbox mints demo tokens; nothing else does without a server key', () => {
  it('POST /sandbox/page-tokens answers in the sandbox only', async () => {
    const sandbox = await startTestAdapter({ sandbox: true, auth: {} });
    const plain = await startTestAdapter(config);
    try {
      const res = await sandbox.post('/sandbox/page-tokens', { sub: 'demo', com: TEST_COM, scope: 'iamport:certify' });
      assert.equal(res.status, 201);
      const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: number };
      assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + 15 * 60_000);
      const verify = await sandbox.post('/iamport/certifications', { imp_uid: 'bad' }, { Authorization: `Bearer ${token}` });
      assert.equal((await errorOf(verify)).code, 'invalid_request', 'the demo token is accepted');
      assert.equal(
        (await errorOf(await sandbox.post('/iamport/certifications', { imp_uid: 'bad' }))).code,
        'token_missing',
        'tokens stay on',
      );
      assert.equal((await plain.post('/sandbox/page-tokens', {})).status, 404);
    } finally {
      await sandbox.close();
      await plain.close();
    }
  });
});
