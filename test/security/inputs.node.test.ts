import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

const ERP = 'https://erp.example.com';

describe('a client that disconnects mid-body on the SmartBill callback (issue 9 item 4)', () => {
  it('is a 400, with no error-level log line and no stack', async () => {
    const a = await startTestAdapter({
      smartbill: { environment: 'demo', encryptionKey: randomBytes(32).toString('base64'), callbackIpAllowList: { enabled: false } },
    });
    try {
      const port = Number(new URL(a.url).port);
      await new Promise<void>((done) => {
        const s = connect(port, '127.0.0.1', () => {
          s.write(
            'POST /smartbill/callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"COM_REGNO":"12',
          );
          setTimeout(() => {
            s.destroy();
            done();
          }, 200);
        });
      });
      const until = Date.now() + 3000;
      while (!a.logs.some((l) => l.includes('/smartbill/callback')) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const line = a.logs.find((l) => l.includes('"path":"/smartbill/callback"'));
      assert.ok(line, a.logs.join('\n'));
      assert.equal((JSON.parse(line) as { status: number }).status, 400);
      assert.equal(
        a.logs.some((l) => /"level":"error"|"stack"/.test(l)),
        false,
        a.logs.join('\n'),
      );
    } finally {
      await a.close();
    }
  });
});

describe('sandbox pages are no open redirector and read malformed forms as 400 (issue 9 item 9)', () => {
  const certify = (a: { call: (p: string, i?: RequestInit) => Promise<Response> }, fields: Record<string, string>) =>
    a.call('/sandbox/iamport/certify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ result: 'success', merchant_uid: 'm-1', ...fields }).toString(),
      redirect: 'manual',
    });

  it('m_redirect_url (popup=0) and opener_origin only on the sandbox itself or allowedOrigins', async () => {
    const a = await startTestAdapter({ sandbox: true, allowedOrigins: [ERP] });
    try {
      const evil = await certify(a, { popup: '0', m_redirect_url: 'https://evil.example/steal' });
      assert.notEqual(evil.status, 302);
      assert.equal(evil.headers.get('location'), null);
      const ok = await certify(a, { popup: '0', m_redirect_url: `${ERP}/verify` });
      assert.equal(ok.status, 302);
      assert.match(ok.headers.get('location')!, /^https:\/\/erp\.example\.com\/verify\?imp_uid=imp_/);

      // An opener the adapter does not allow gets no result, only origin_not_allowed (the page names it for the developer).
      const page = await (await certify(a, { opener_origin: 'https://evil.example' })).text();
      assert.match(page, /"error_code":"origin_not_allowed"/);
      assert.equal(/"imp_uid":"imp_/.test(page), false, 'the result is not posted to a page that asked for it');
      assert.ok((await (await certify(a, {})).text()).includes(JSON.stringify(new URL(a.url).origin)));
      assert.ok((await (await certify(a, { opener_origin: ERP })).text()).includes(JSON.stringify(ERP)));
    } finally {
      await a.close();
    }
  });

  for (const path of ['/sandbox/iamport/certify', '/sandbox/benecafe/mall']) {
    it(`malformed multipart on ${path} is 400, not 500`, async () => {
      const a = await startTestAdapter({ sandbox: true });
      try {
        const res = await a.call(path, {
          method: 'POST',
          headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
          body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xy',
        });
        assert.deepEqual([res.status, (await errorOf(res)).code], [400, 'invalid_request']);
      } finally {
        await a.close();
      }
    });
  }
});

describe('Iamport id formats are assumptions, kept wide (issue 9 item 16)', () => {
  it('accepts imp_ + 1–64 alphanumerics and any merchant_uid of 1–40 printable characters; refuses beyond', async () => {
    const fake = createIamportFake();
    mockProviders(...fake.handlers);
    const a = await startTestAdapter({
      limits: { perIp: null, perToken: null },
      iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret },
    });
    try {
      for (const [imp_uid, merchant_uid] of [
        ['imp_a1B2c3', '주문 2026-11-25 #1 (재시도)'],
        [`imp_${'Z9'.repeat(32)}`, 'x'],
        ['imp_1', 'm'.repeat(40)],
      ] as const) {
        fake.addCertification({ imp_uid, merchant_uid });
        const res = await a.post('/iamport/certifications', { imp_uid, merchant_uid }, await authHeader());
        assert.equal(res.status, 201, `${imp_uid} / ${merchant_uid}: ${await res.clone().text()}`);
      }
      for (const [imp_uid, merchant_uid] of [
        [`imp_${'a'.repeat(65)}`, 'm'],
        ['imp_', 'm'],
        ['imp_abc-def', 'm'],
        ['imp_abc', 'm'.repeat(41)],
        ['imp_abc', 'tab\there'],
        ['imp_abc', ''],
      ] as const) {
        const err = await errorOf(await a.post('/iamport/certifications', { imp_uid, merchant_uid }, await authHeader()));
        assert.deepEqual([err.status, err.code], [400, 'invalid_request'], `${imp_uid} / ${JSON.stringify(merchant_uid)}`);
      }
    } finally {
      await a.close();
    }
  });
});
