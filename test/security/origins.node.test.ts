import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorOf, startTestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

const ERP = 'https://erp.example.com';

describe('a page on an origin the adapter does not allow (issue 9 item 12)', () => {
  it('can read 403 origin_not_allowed (CORS headers on the refusal, code only), and the origin is logged once', async () => {
    const a = await startTestAdapter({ allowedOrigins: [ERP] });
    try {
      const other = 'https://intranet.example.org';
      const preflight = await a.call('/iamport/certifications', {
        method: 'OPTIONS',
        headers: {
          Origin: other,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      assert.equal(preflight.status, 204, 'the preflight passes so the real request can be answered readably');
      assert.equal(preflight.headers.get('access-control-allow-origin'), other);
      for (let i = 0; i < 3; i++) {
        const res = await a.post(
          '/iamport/certifications',
          { imp_uid: 'imp_1', merchant_uid: 'm' },
          { Origin: other, Authorization: 'Bearer abcdefgh123' },
        );
        assert.equal(res.headers.get('access-control-allow-origin'), other);
        const body = (await res.clone().json()) as object;
        assert.deepEqual(Object.keys(body), ['error']);
        assert.deepEqual([res.status, (await errorOf(res)).code], [403, 'origin_not_allowed']);
      }
      const logged = a.logs.filter((l) => l.includes('origin not allowed'));
      assert.equal(logged.length, 1, 'logged once per origin');
      assert.ok(logged[0]!.includes(other));
    } finally {
      await a.close();
    }
  });
});

describe('the Host header decides nothing outside the sandbox (issue 9 item 6)', () => {
  it('CORS: the "own origin" comes from publicUrl, never from Host', async () => {
    const a = await startTestAdapter({ allowedOrigins: [ERP] });
    try {
      // The request's Host is 127.0.0.1:port: a page claiming that origin is no longer let in.
      const own = new URL(a.url).origin;
      const res = await a.post('/iamport/certifications', {}, { Origin: own });
      assert.equal((await errorOf(res)).code, 'origin_not_allowed');
    } finally {
      await a.close();
    }
    const b = await startTestAdapter({ publicUrl: 'https://erp-api.example.com/erp', allowedOrigins: [ERP] });
    try {
      assert.equal(
        (await b.post('/iamport/certifications', {}, { Origin: 'https://erp-api.example.com', ...(await authHeader()) })).status,
        503,
        'own origin passes',
      );
    } finally {
      await b.close();
    }
  });
});
