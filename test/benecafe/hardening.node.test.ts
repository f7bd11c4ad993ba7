import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BENECAFE_CERT, createBenecafeFake, type BenecafeFake } from '../../src/benecafe/sandbox/fake-api.ts';
import { parseConfig } from '../../src/server.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { gateFields, MALL_ORIGIN, postGate, readSession, sessionCookie } from './helpers.ts';

const SHOP = 'https://shop.partner.example';
const base = {
  mainUrl: `${SHOP}/main`,
  welfareMallUrl: 'https://www.benecafe.co.kr/mall',
  timeoutMs: 300,
  gateOrigins: [MALL_ORIGIN],
  otpHosts: ['cert.benecafe.co.kr'],
  customerHosts: { C0002: ['welfare.customer-two.co.kr'] },
};

describe('Benecafe gate hardening (issue 9 items 1, 6, 14, 15)', () => {
  let adapter: TestAdapter;
  let fake: BenecafeFake;
  let outgoing: string[];
  before(async () => {
    adapter = await startTestAdapter({ benecafe: base });
  });
  after(() => adapter.close());
  beforeEach(() => {
    fake = createBenecafeFake();
    const msw = mockProviders(...fake.handlers);
    outgoing = [];
    msw.events.removeAllListeners();
    msw.events.on('request:start', ({ request }) => {
      if (!request.url.startsWith('http://localhost:')) outgoing.push(request.url);
    });
  });

  describe('item 1: the gate takes posts only from benecafe.gateOrigins (login/logout CSRF)', () => {
    for (const [name, headers] of [
      ['another site', { Origin: 'https://attacker.example' }],
      ['Origin: null (sandboxed iframe, data: URL)', { Origin: 'null' }],
      ['no Origin and no Referer', { Origin: '' }],
      ['a Referer from another site', { Origin: '', Referer: 'https://attacker.example/page' }],
    ] as const) {
      it(`refuses ${name}: 403 benecafe_origin_not_allowed, no OTP spent, the current session survives`, async () => {
        const own = await postGate(adapter, gateFields(fake.issueToken()));
        const cookie = sessionCookie(own)!.value;
        const token = fake.issueToken();
        const h: Record<string, string> = { Cookie: `benecafe_session=${cookie}` };
        for (const [k, v] of Object.entries(headers)) if (v) h[k] = v;
        const res = await adapter.call('/benecafe/gate', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...h },
          body: new URLSearchParams(gateFields(token)).toString(),
          redirect: 'manual',
        });
        assert.deepEqual([res.status, (await errorOf(res)).code], [403, 'benecafe_origin_not_allowed']);
        assert.equal(sessionCookie(res), undefined, 'no Set-Cookie: not logged out');
        assert.equal(fake.isUsed(token), false);
        assert.equal((await readSession(adapter, cookie)).body.session?.memberKey, 'J01A00038745', 'still logged in');
      });
    }

    it('accepts the welfare mall by Referer when the browser sends no Origin', async () => {
      const res = await postGate(adapter, gateFields(fake.issueToken()), { Origin: '', Referer: `${MALL_ORIGIN}/shop/gate?x=1` });
      assert.equal(res.status, 303);
    });

    it('start-up outside the sandbox requires gateOrigins', () => {
      const { gateOrigins: _omit, ...rest } = base;
      assert.throws(() => parseConfig({ benecafe: rest }, {}), /benecafe\.gateOrigins/);
    });
  });

  describe("item 14: CUS_URL hosts are the operator's, per customer, with no invented default", () => {
    it("a customer's own host passes for that cmpy_cd only", async () => {
      const two = createBenecafeFake({ base: 'https://welfare.customer-two.co.kr' });
      mockProviders(...fake.handlers, ...two.handlers);
      const ok = await postGate(adapter, gateFields(two.issueToken(), { CUS_URL: 'welfare.customer-two.co.kr', cmpy_cd: 'C0002' }));
      assert.equal(ok.status, 303);
      const other = await postGate(adapter, gateFields(two.issueToken(), { CUS_URL: 'welfare.customer-two.co.kr', cmpy_cd: 'C0001' }));
      assert.deepEqual([other.status, (await errorOf(other)).code], [400, 'benecafe_host_not_allowed']);
    });

    it('*.benecafe.co.kr is no longer allowed unless configured', async () => {
      const res = await postGate(adapter, gateFields(fake.issueToken(), { CUS_URL: 'https://sso.benecafe.co.kr' }));
      assert.deepEqual([res.status, (await errorOf(res)).code], [400, 'benecafe_host_not_allowed']);
      assert.deepEqual(outgoing, []);
    });

    it('an empty CUS_URL still means https://cert.benecafe.co.kr (seed 002)', async () => {
      const noHosts = await startTestAdapter({ benecafe: { ...base, otpHosts: undefined, customerHosts: { C9: ['x.customer.co.kr'] } } });
      try {
        const token = fake.issueToken();
        assert.equal((await postGate(noHosts, gateFields(token, { CUS_URL: '' }))).status, 303);
        assert.equal(outgoing[0], `${BENECAFE_CERT}/sso/vendorUserCertTonken?otpTokenp=${token}`);
      } finally {
        await noHosts.close();
      }
    });

    it('start-up says the host list must be set outside the sandbox', () => {
      const { otpHosts: _o, customerHosts: _c, ...rest } = base;
      assert.throws(() => parseConfig({ benecafe: rest }, {}), /benecafe\.otpHosts.*required outside the sandbox/);
    });
  });

  describe('item 15: CFM_CUS_ID = custId is an assumption, off by default outside the sandbox', () => {
    it("a form naming another CFM_CUS_ID enters as the OTP token's member (no 401)", async () => {
      const res = await postGate(adapter, gateFields(fake.issueToken('J01A00051220')));
      assert.equal(res.status, 303);
      const { body } = await readSession(adapter, sessionCookie(res)!.value);
      assert.equal(body.session?.memberKey, 'J01A00051220', 'who entered is what Benecafe says');
    });
  });

  describe('item 6: the Host header never decides a link outside the sandbox', () => {
    it('mallUrl from a path comes from publicUrl, not Host', async () => {
      const relative = { ...base, welfareMallUrl: '/mall' };
      assert.throws(() => parseConfig({ benecafe: relative }, {}), /benecafe\.welfareMallUrl.*publicUrl/);
      const a = await startTestAdapter({ publicUrl: 'https://partner.example.com/erp-api', benecafe: relative });
      try {
        const { body } = await readSession(a, undefined, { Host: 'evil.example' });
        assert.equal(body.mallUrl, 'https://partner.example.com/mall');
      } finally {
        await a.close();
      }
    });
  });
});
