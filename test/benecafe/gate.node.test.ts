import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { delay, http, HttpResponse } from 'msw';
import { BENECAFE_CERT, CHECK_PATH, createBenecafeFake, eucKrMojibake, type BenecafeFake } from '../../src/benecafe/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { gateFields, MALL_ORIGIN, postGate, readSession, sessionCookie } from './helpers.ts';

const SHOP = 'https://shop.partner.example';
const MOBILE = 'https://m.partner.example';
const config = {
  allowedOrigins: [SHOP],
  benecafe: {
    mainUrl: `${SHOP}/main`,
    partnerOrigins: [MOBILE],
    baroItemUrlTemplate: `${SHOP}/item/{BaroItem}?from=benecafe`,
    welfareMallUrl: 'https://www.benecafe.co.kr/mall',
    timeoutMs: 300,
    sessionTtlSeconds: 600,
    gateOrigins: [MALL_ORIGIN],
    otpHosts: ['cert.benecafe.co.kr', '*.benecafe.co.kr'],
    matchMember: true,
  },
};

describe('POST /benecafe/gate', () => {
  let adapter: TestAdapter;
  let fake: BenecafeFake;
  let msw: ReturnType<typeof mockProviders>;
  /** Every request that left the adapter (anything but the test talking to the adapter). */
  let outgoing: string[];
  let clock = Date.now();

  before(async () => {
    adapter = await startTestAdapter(config, { now: () => clock });
  });
  after(() => adapter.close());
  beforeEach(() => {
    clock = Date.now();
    fake = createBenecafeFake({ now: () => clock });
    msw = mockProviders(...fake.handlers);
    outgoing = [];
    msw.events.on('request:start', ({ request }) => {
      // The test adapters listen on http://localhost:<port>; anything else left an adapter.
      if (!request.url.startsWith('http://localhost:')) outgoing.push(request.url);
    });
  });
  afterEach(() => msw.events.removeAllListeners());

  const enter = async (extra: Record<string, string> = {}, token = fake.issueToken()) => {
    const res = await postGate(adapter, gateFields(token, extra));
    return { res, token, cookie: sessionCookie(res)?.value };
  };

  it('checks the OTP token, starts a session and answers 303 to the main page', async () => {
    const { res, token, cookie } = await enter();
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `${SHOP}/main`);
    assert.ok(fake.isUsed(token), 'the token was checked with Benecafe');
    assert.deepEqual(outgoing, [`${BENECAFE_CERT}/sso/vendorUserCertTonken?otpTokenp=${token}`]);
    const header = sessionCookie(res)!.header;
    assert.match(header, /HttpOnly/);
    assert.match(header, /Secure/);
    assert.match(header, /SameSite=Lax/);
    assert.match(header, /Max-Age=600/);
    assert.match(header, /Path=\//);
    assert.ok(cookie && cookie.length >= 40, 'a long random session id');
    const { body } = await readSession(adapter, cookie);
    const { ref, ...shown } = body.session!;
    assert.match(String(ref), /^bs_[A-Za-z0-9_-]{24}$/, 'an opaque ref for the partner backend');
    assert.notEqual(ref, cookie);
    assert.deepEqual(shown, {
      name: '김복지',
      memberKey: 'J01A00038745',
      companyKey: 'C0001',
      pointName: '복지포인트',
      pointNameCode: 'P001',
      receipt: true,
      popupUrl: 'https://www.benecafe.co.kr/point/popup?cmpy=C0001',
      landing: { kind: 'main', url: `${SHOP}/main` },
      expiresAt: clock + 600_000,
    });
    assert.equal(body.mallUrl, 'https://www.benecafe.co.kr/mall');
  });

  it('accepts multipart/form-data too', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(gateFields(fake.issueToken()))) form.set(k, v);
    const res = await adapter.call('/benecafe/gate', { method: 'POST', body: form, redirect: 'manual', headers: { Origin: MALL_ORIGIN } });
    assert.equal(res.status, 303);
    assert.ok(sessionCookie(res)?.value);
  });

  it('takes the member from Benecafe when the gate omits USER_NAME and CFM_CUS_ID (sent only once)', async () => {
    const { res, cookie } = await enter({ USER_NAME: '', CFM_CUS_ID: '', pointname: '', pointnameBase64: '' });
    assert.equal(res.status, 303);
    const { body } = await readSession(adapter, cookie);
    assert.equal(body.session?.name, '김복지');
    assert.equal(body.session?.memberKey, 'J01A00038745');
    assert.equal(body.session?.pointName, '복지포인트', "Benecafe's pntNm");
  });

  it('refuses a form naming another member than the OTP token (401), and the other member keeps their session', async () => {
    const victim = await enter({}, fake.issueToken('J01A00051220'));
    assert.equal(victim.res.status, 401, 'the form still names J01A00038745');
    const own = await enter({ CFM_CUS_ID: 'J01A00051220', USER_NAME: '이하나' }, fake.issueToken('J01A00051220'));
    assert.equal(own.res.status, 303);
    const forged = await enter({ CFM_CUS_ID: 'J01A00051220', USER_NAME: '이하나' }, fake.issueToken('J01A00038745'));
    assert.deepEqual([forged.res.status, (await errorOf(forged.res)).code], [401, 'benecafe_member_mismatch']);
    assert.ok(!forged.cookie, 'no session for the forger (the gate only clears the cookie)');
    const { body } = await readSession(adapter, own.cookie);
    assert.equal(body.session?.memberKey, 'J01A00051220', "the victim's session survives");
  });

  it('takes the member name from Benecafe, not from the form', async () => {
    const { cookie } = await enter({ USER_NAME: '다른사람' });
    const { body } = await readSession(adapter, cookie);
    assert.equal(body.session?.name, '김복지');
  });

  it('refuses to start outside the sandbox with a relative or http mainUrl, naming the key', async () => {
    for (const mainUrl of ['/main', 'http://shop.example.com/']) {
      await assert.rejects(startTestAdapter({ benecafe: { ...config.benecafe, mainUrl } }), /benecafe\.mainUrl/);
    }
  });

  describe('OTP result codes', () => {
    it('refuses a missing token with 400 benecafe_otp_missing before any request', async () => {
      const err = await errorOf(await postGate(adapter, gateFields('')));
      assert.deepEqual([err.status, err.code], [400, 'benecafe_otp_missing']);
      assert.deepEqual(outgoing, []);
    });

    it('maps resultCode 400 to 400 benecafe_otp_missing', async () => {
      msw.use(
        http.get(`${BENECAFE_CERT}/sso/vendorUserCertTonken`, () => HttpResponse.json({ resultCode: '400', message: 'OTP 토큰 누락' })),
      );
      const err = await errorOf((await enter()).res);
      assert.deepEqual([err.status, err.code], [400, 'benecafe_otp_missing']);
    });

    it('maps an invalid token (401) to 401 benecafe_otp_invalid without a session', async () => {
      const { res, cookie } = await enter({}, 'f'.repeat(48));
      const err = await errorOf(res);
      assert.deepEqual([err.status, err.code], [401, 'benecafe_otp_invalid']);
      assert.ok(!cookie, 'no session cookie');
    });

    it('refuses a replayed token (404) with 401 benecafe_otp_used', async () => {
      const first = await enter();
      assert.equal(first.res.status, 303);
      const again = await enter({}, first.token);
      const err = await errorOf(again.res);
      assert.deepEqual([err.status, err.code], [401, 'benecafe_otp_used']);
      assert.ok(!again.cookie);
    });

    it('refuses an expired token as invalid', async () => {
      const token = fake.issueToken();
      clock += 6 * 60_000;
      const err = await errorOf((await enter({}, token)).res);
      assert.equal(err.code, 'benecafe_otp_invalid');
    });

    it("reports Benecafe refusing this server's IP (403) as 502 benecafe_ip_not_allowed", async () => {
      const err = await errorOf((await enter({}, fake.issueToken(undefined, { outcome: '403' }))).res);
      assert.deepEqual([err.status, err.code], [502, 'benecafe_ip_not_allowed']);
      assert.match(err.message, /IP/);
    });

    it('refuses an encrypted form (ranNum set) with 400 benecafe_encrypted_params_unsupported, logged, the token unspent', async () => {
      const token = fake.issueToken();
      // What an encrypted CFM_CUS_ID might look like: it would fail the field's pattern with a misleading message.
      const res = await postGate(adapter, gateFields(token, { ranNum: '48213', CFM_CUS_ID: 'q8F+/z0w==' }));
      const err = await errorOf(res);
      assert.deepEqual([err.status, err.code], [400, 'benecafe_encrypted_params_unsupported']);
      assert.match(err.message, /ranNum/);
      assert.deepEqual(outgoing, []);
      assert.equal(fake.isUsed(token), false);
      assert.match(adapter.logs.join('\n'), /ranNum \(encrypted parameters\) refused/);
    });

    it('shows a person the encrypted-form refusal as a Korean/English page', async () => {
      const res = await postGate(adapter, gateFields(fake.issueToken(), { ranNum: '1' }), { Accept: 'text/html' });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /암호화된 접속 정보는 아직 받을 수 없습니다[\s\S]*Encrypted entry details are not supported yet/);
    });

    it('treats an unknown resultCode as 502 upstream_error', async () => {
      msw.use(http.get(`${BENECAFE_CERT}/sso/vendorUserCertTonken`, () => HttpResponse.json({ resultCode: '999', message: '?' })));
      const err = await errorOf((await enter()).res);
      assert.deepEqual([err.status, err.code], [502, 'upstream_error']);
    });

    it('treats OK without resultMap.user as 502 upstream_error', async () => {
      msw.use(
        http.get(`${BENECAFE_CERT}/sso/vendorUserCertTonken`, () => HttpResponse.json({ resultCode: 'OK', message: 'ok', resultMap: {} })),
      );
      const err = await errorOf((await enter()).res);
      assert.deepEqual([err.status, err.code], [502, 'upstream_error']);
    });
  });

  describe('OTP service faults', () => {
    for (const [name, handler, status, code] of [
      [
        'a timeout',
        async () => {
          await delay(1500);
          return HttpResponse.json({ resultCode: 'OK' });
        },
        504,
        'upstream_timeout',
      ],
      ['HTTP 500', () => new HttpResponse('down', { status: 500 }), 502, 'upstream_error'],
      ['HTTP 503', () => new HttpResponse('maintenance', { status: 503 }), 502, 'upstream_error'],
      [
        'a body that is not JSON',
        () => new HttpResponse('<html>error</html>', { headers: { 'Content-Type': 'text/html' } }),
        502,
        'upstream_error',
      ],
      ['an unexpected shape', () => HttpResponse.json({ hello: 'world' }), 502, 'upstream_error'],
      ['a network failure', () => HttpResponse.error(), 502, 'upstream_error'],
    ] as const) {
      it(`turns ${name} into ${status} ${code} and starts no session`, async () => {
        msw.use(http.get(`${BENECAFE_CERT}/sso/vendorUserCertTonken`, handler));
        const { res, cookie } = await enter();
        const err = await errorOf(res);
        assert.deepEqual([err.status, err.code], [status, code]);
        assert.ok(!cookie);
      });
    }
  });

  describe('CUS_URL (SSRF)', () => {
    it('uses https://cert.benecafe.co.kr when CUS_URL is empty', async () => {
      const { res } = await enter({ CUS_URL: '' });
      assert.equal(res.status, 303);
      assert.equal(new URL(outgoing[0]!).origin, BENECAFE_CERT);
    });

    it("calls an allow-listed subdomain, keeping CUS_URL's path (seed 002: {CUS_URL}/sso/…), dropping its query", async () => {
      const other = createBenecafeFake({ base: 'https://sso.benecafe.co.kr/welfare', now: () => clock });
      msw.use(...other.handlers);
      const { res } = await enter({ CUS_URL: 'https://sso.benecafe.co.kr/welfare/?x=1' }, other.issueToken());
      assert.equal(res.status, 303);
      assert.match(outgoing[0]!, /^https:\/\/sso\.benecafe\.co\.kr\/welfare\/sso\/vendorUserCertTonken\?otpTokenp=/);
    });

    for (const cusUrl of ['http://cert.benecafe.co.kr', 'cert.benecafe.co.kr', '//cert.benecafe.co.kr/']) {
      it(`treats CUS_URL ${cusUrl} as the same host over https (issue 9 item 14)`, async () => {
        const { res, token } = await enter({ CUS_URL: cusUrl });
        assert.equal(res.status, 303);
        assert.deepEqual(outgoing, [`${BENECAFE_CERT}/sso/vendorUserCertTonken?otpTokenp=${token}`]);
      });
    }

    for (const cusUrl of [
      'https://evil.example',
      'https://cert.benecafe.co.kr.evil.example',
      'https://evilbenecafe.co.kr',
      'https://benecafe.co.kr.attacker.net',
      'https://127.0.0.1',
      'https://localhost',
      'https://api.localhost',
      'https://10.0.0.5',
      'https://192.168.1.1',
      'https://172.16.0.1',
      'https://169.254.169.254',
      'https://[::1]',
      'https://[::ffff:127.0.0.1]',
      'https://0x7f.0.0.1',
      'https://2130706433',
      'https://user:pw@cert.benecafe.co.kr',
      'https://cert.benecafe.co.kr:8443',
      'file:///etc/passwd',
      'gopher://cert.benecafe.co.kr',
      'not a url',
    ]) {
      it(`refuses CUS_URL ${cusUrl} before any request`, async () => {
        const { res, token } = await enter({ CUS_URL: cusUrl });
        const err = await errorOf(res);
        assert.equal(err.status, 400);
        assert.match(err.code, /^benecafe_(host_not_allowed|insecure_url)$/);
        assert.match(err.message, /CUS_URL/);
        assert.deepEqual(outgoing, [], 'nothing left the adapter');
        assert.equal(fake.isUsed(token), false);
      });
    }

    it('logs the refusal without the token', async () => {
      const { token } = await enter({ CUS_URL: 'https://127.0.0.1' });
      const logs = adapter.logs.join('\n');
      assert.match(logs, /refused outbound URL/);
      assert.equal(logs.includes(token), false);
    });
  });

  describe('landing page (no open redirect)', () => {
    const landingOf = async (extra: Record<string, string>) => {
      const { res, cookie } = await enter(extra);
      assert.equal(res.status, 303);
      const { body } = await readSession(adapter, cookie);
      return {
        location: res.headers.get('location'),
        landing: body.session?.landing as { kind: string; url: string; item?: string } | undefined,
      };
    };

    it('goes to DirectURL when DirectFlag=Y and it is on the main origin', async () => {
      const r = await landingOf({ DirectFlag: 'Y', DirectURL: `${SHOP}/event/42?tab=2` });
      assert.equal(r.location, `${SHOP}/event/42?tab=2`);
      assert.deepEqual(r.landing, { kind: 'direct', url: `${SHOP}/event/42?tab=2` });
    });

    it('accepts a configured partner origin and a path relative to the main page', async () => {
      assert.equal((await landingOf({ DirectFlag: 'Y', DirectURL: `${MOBILE}/deal` })).location, `${MOBILE}/deal`);
      assert.equal((await landingOf({ DirectFlag: 'y', DirectURL: '/sale' })).location, `${SHOP}/sale`);
    });

    it('ignores DirectURL when DirectFlag is N', async () => {
      assert.equal((await landingOf({ DirectFlag: 'N', DirectURL: `${SHOP}/event` })).location, `${SHOP}/main`);
    });

    for (const target of [
      'https://evil.example/phish',
      '//evil.example/x',
      'javascript:alert(1)',
      'https://shop.partner.example@evil.example/',
      '/\\evil.example',
      'http://shop.partner.example/main',
      'data:text/html,hi',
    ]) {
      it(`falls back to the main page for DirectURL ${target} and logs it`, async () => {
        const r = await landingOf({ DirectFlag: 'Y', DirectURL: target });
        assert.equal(r.location, `${SHOP}/main`);
        assert.equal(r.landing?.kind, 'main');
        assert.match(adapter.logs.join('\n'), /DirectURL is not on the partner's origins/);
      });
    }

    it('goes to the BaroItem product page from the template, the code URL-encoded', async () => {
      const r = await landingOf({ BaroItem: 'A 1/2?x' });
      assert.equal(r.location, `${SHOP}/item/A%201%2F2%3Fx?from=benecafe`);
      assert.deepEqual(r.landing, { kind: 'baro', url: `${SHOP}/item/A%201%2F2%3Fx?from=benecafe`, item: 'A 1/2?x' });
    });

    it("reads the seed's OCR spelling Baroltem (lower-case L) as BaroItem", async () => {
      const { BaroItem: _drop, ...rest } = gateFields(fake.issueToken());
      const res = await postGate(adapter, { ...rest, Baroltem: 'ITEM-7' });
      assert.equal(res.headers.get('location'), `${SHOP}/item/ITEM-7?from=benecafe`);
    });

    it('prefers DirectURL over BaroItem when DirectFlag=Y', async () => {
      assert.equal((await landingOf({ DirectFlag: 'Y', DirectURL: `${SHOP}/d`, BaroItem: 'X1' })).location, `${SHOP}/d`);
    });
  });

  describe('point name', () => {
    const pointOf = async (extra: Record<string, string>) => {
      const { cookie } = await enter(extra);
      return (await readSession(adapter, cookie)).body.session?.pointName;
    };
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

    it('keeps a clean pointname', async () => {
      assert.equal(await pointOf({ pointname: '한빛포인트', pointnameBase64: b64('다른이름') }), '한빛포인트');
    });
    it('decodes pointnameBase64 when pointname is EUC-KR mojibake', async () => {
      assert.equal(await pointOf({ pointname: eucKrMojibake('새솔 행복머니'), pointnameBase64: b64('새솔 행복머니') }), '새솔 행복머니');
    });
    it('decodes pointnameBase64 when pointname has replacement characters', async () => {
      assert.equal(await pointOf({ pointname: '\uFFFD\uFFFD\uFFFD', pointnameBase64: b64('한빛포인트') }), '한빛포인트');
    });
    it('decodes pointnameBase64 when pointname is missing or ??-garbled', async () => {
      assert.equal(await pointOf({ pointname: '', pointnameBase64: b64('한빛포인트') }), '한빛포인트');
      assert.equal(await pointOf({ pointname: '????', pointnameBase64: b64('한빛포인트') }), '한빛포인트');
    });
    it('tolerates the URL-safe alphabet, missing padding and a + turned into a space', async () => {
      const name = '포인트?>>'; // its Base64 has + and /
      const std = b64(name);
      assert.match(std, /[+/]/);
      assert.equal(await pointOf({ pointname: '', pointnameBase64: Buffer.from(name).toString('base64url') }), name);
      assert.equal(await pointOf({ pointname: '', pointnameBase64: std.replace(/=+$/, '') }), name);
      assert.equal(await pointOf({ pointname: '', pointnameBase64: std.replace(/\+/g, ' ') }), name);
    });
    for (const [name, bad] of [
      ['not Base64 at all', '%%%not-base64%%%'],
      ['impossible length', 'QUJDR'],
      ['Base64 of invalid UTF-8 (EUC-KR bytes)', Buffer.from([0xba, 0xb9, 0xc1, 0xf6]).toString('base64')],
      ['Base64 of mojibake', b64(eucKrMojibake('복지포인트'))],
    ]) {
      it(`falls back to Benecafe's pntNm when pointnameBase64 is ${name}`, async () => {
        const token = fake.issueToken(undefined, { pointName: '회사 복지포인트' });
        const { cookie } = await enter({ pointname: eucKrMojibake('복지포인트'), pointnameBase64: bad! }, token);
        assert.equal((await readSession(adapter, cookie)).body.session?.pointName, '회사 복지포인트');
      });
    }
    it('keeps pointnamecode', async () => {
      const { cookie } = await enter({ pointnamecode: 'P027' });
      assert.equal((await readSession(adapter, cookie)).body.session?.pointNameCode, 'P027');
    });
  });

  describe('sessions', () => {
    it('drops the old session on a second gate POST', async () => {
      const first = await enter();
      assert.ok((await readSession(adapter, first.cookie)).body.session);
      const second = await postGate(adapter, gateFields(fake.issueToken()), { Cookie: `benecafe_session=${first.cookie}` });
      assert.equal(second.status, 303);
      const newCookie = sessionCookie(second)!.value;
      assert.notEqual(newCookie, first.cookie);
      assert.deepEqual((await readSession(adapter, first.cookie)).body, {
        session: null,
        reason: 'none',
        mallUrl: 'https://www.benecafe.co.kr/mall',
      });
      assert.ok((await readSession(adapter, newCookie)).body.session);
    });

    it('drops the old session of the same member even without its cookie (SameSite=Lax is not sent on a cross-site POST)', async () => {
      const first = await enter();
      const second = await enter();
      assert.equal((await readSession(adapter, first.cookie)).body.session, null);
      assert.ok((await readSession(adapter, second.cookie)).body.session);
    });

    it('drops the old session even when the new gate POST fails, and clears the cookie', async () => {
      const first = await enter();
      const res = await postGate(adapter, gateFields('bad-token-123'), { Cookie: `benecafe_session=${first.cookie}` });
      assert.equal(res.status, 401);
      assert.equal(sessionCookie(res)?.value, '', 'cookie cleared');
      assert.equal((await readSession(adapter, first.cookie)).body.session, null);
    });

    it('reports an expired session as expired', async () => {
      const { cookie } = await enter();
      clock += 599_000;
      assert.ok((await readSession(adapter, cookie)).body.session, 'still valid before expiry');
      clock += 2_000;
      const { res, body } = await readSession(adapter, cookie);
      assert.deepEqual(body, { session: null, reason: 'expired', mallUrl: 'https://www.benecafe.co.kr/mall' });
      assert.equal(sessionCookie(res)?.value, '', 'cookie cleared');
      assert.equal((await readSession(adapter, cookie)).body.reason, 'none', 'and gone after that');
    });

    it('answers no session for a missing or unknown cookie', async () => {
      assert.equal((await readSession(adapter, undefined)).body.reason, 'none');
      assert.equal((await readSession(adapter, 'forged-session-id')).body.reason, 'none');
    });

    it('logs out with DELETE /benecafe/session', async () => {
      const { cookie } = await enter();
      const res = await adapter.call('/benecafe/session', {
        method: 'DELETE',
        headers: { Cookie: `benecafe_session=${cookie}`, Origin: SHOP },
      });
      assert.equal(res.status, 200);
      assert.equal(sessionCookie(res)?.value, '');
      assert.deepEqual(await res.json(), { session: null, reason: 'none', mallUrl: 'https://www.benecafe.co.kr/mall' });
      assert.equal((await readSession(adapter, cookie)).body.session, null);
    });

    it('applies the CORS allow-list to the session routes but not to the gate', async () => {
      const { cookie } = await enter({}, fake.issueToken());
      const ok = await readSession(adapter, cookie, { Origin: SHOP });
      assert.equal(ok.res.headers.get('access-control-allow-origin'), SHOP);
      assert.equal(ok.res.headers.get('access-control-allow-credentials'), 'true');
      const bad = await adapter.call('/benecafe/session', {
        headers: { Origin: 'https://evil.example', Cookie: `benecafe_session=${cookie}` },
      });
      assert.deepEqual([(await errorOf(bad)).status], [403]);
      const gate = await postGate(adapter, gateFields(fake.issueToken()), { Origin: 'https://www.benecafe.co.kr' });
      assert.equal(gate.status, 303, 'Benecafe posts the gate from its own origin');
    });
  });

  describe('POPUPURL', () => {
    const popupOf = async (url: string) => {
      const { cookie } = await enter({ POPUPURL: url });
      return (await readSession(adapter, cookie)).body.session?.popupUrl;
    };
    it('keeps an HTTPS URL on an allowed host', async () => {
      assert.equal(await popupOf('https://m.benecafe.co.kr/point'), 'https://m.benecafe.co.kr/point');
    });
    for (const url of ['http://www.benecafe.co.kr/point', 'https://evil.example/point', 'javascript:alert(1)', '']) {
      it(`drops ${url || 'an empty URL'}`, async () => {
        assert.equal(await popupOf(url), null);
      });
    }
  });

  describe('CHECKURL membership', () => {
    let checked: TestAdapter;
    before(async () => {
      // matchMember off (the default outside the sandbox): CFM_CUS_ID need not be the OTP answer's custId.
      checked = await startTestAdapter({ benecafe: { ...config.benecafe, checkUrl: true, matchMember: false } }, { now: () => clock });
    });
    after(() => checked.close());
    const CHECK = `${BENECAFE_CERT}${CHECK_PATH}`;

    it('lets a member in when CHECKURL answers Y', async () => {
      const res = await postGate(checked, gateFields(fake.issueToken(), { CHECKURL: CHECK }));
      assert.equal(res.status, 303);
      assert.equal(fake.calls.check, 1);
    });

    it("sends the cmpy_cd, CFM_CUS_ID and USER_NAME the mall posted, not the OTP answer's custId or name", async () => {
      // The mall's customer key for this member is not Benecafe's custId (seed 002 never says they are equal).
      const token = fake.issueToken(undefined, { memberKey: 'EMP-20931' });
      const res = await postGate(checked, gateFields(token, { CHECKURL: CHECK, CFM_CUS_ID: 'EMP-20931' }));
      assert.deepEqual(fake.checks, [{ cmpyCd: 'C0001', CFM_CUS_ID: 'EMP-20931', userName: '김복지' }]);
      assert.equal(res.status, 303);
      const { body } = await readSession(checked, sessionCookie(res)?.value);
      assert.equal(body.session?.memberKey, 'J01A00038745', "the session's member is still who the OTP answer names");
    });

    it('skips CHECKURL, logged, when the mall posted no CFM_CUS_ID (it sends member fields only the first time)', async () => {
      const res = await postGate(checked, gateFields(fake.issueToken(), { CHECKURL: CHECK, CFM_CUS_ID: '' }));
      assert.equal(res.status, 303);
      assert.equal(fake.calls.check, 0);
      assert.match(checked.logs.join('\n'), /CHECKURL skipped: the gate form carried no CFM_CUS_ID/);
    });

    it('refuses with 403 benecafe_not_member when CHECKURL answers N', async () => {
      fake.revokeMembership('J01A00038745');
      const res = await postGate(checked, gateFields(fake.issueToken(), { CHECKURL: CHECK }));
      const err = await errorOf(res);
      assert.deepEqual([err.status, err.code], [403, 'benecafe_not_member']);
      assert.ok(!sessionCookie(res)?.value);
    });

    it('refuses a CHECKURL on a private address before any request, the token unspent', async () => {
      const token = fake.issueToken();
      const err = await errorOf(await postGate(checked, gateFields(token, { CHECKURL: 'https://192.168.0.10/check' })));
      assert.deepEqual([err.status, err.code], [400, 'benecafe_host_not_allowed']);
      assert.match(err.message, /CHECKURL/);
      assert.deepEqual(outgoing, []);
      assert.equal(fake.isUsed(token), false);
    });

    it('turns a CHECKURL answer other than Y/N into 502', async () => {
      msw.use(http.post(CHECK, () => new HttpResponse('maybe')));
      const err = await errorOf(await postGate(checked, gateFields(fake.issueToken(), { CHECKURL: CHECK })));
      assert.deepEqual([err.status, err.code], [502, 'upstream_error']);
    });

    it('is not called when checkUrl is off', async () => {
      assert.equal((await enter({ CHECKURL: CHECK })).res.status, 303);
      assert.equal(fake.calls.check, 0);
    });
  });

  describe('bad input', () => {
    const cases: [string, () => Promise<Response>, number, string][] = [
      [
        'JSON instead of a form',
        () => adapter.post('/benecafe/gate', { otpToken: 'x' }, { Origin: MALL_ORIGIN }),
        415,
        'unsupported_media_type',
      ],
      [
        'no content type',
        () => adapter.call('/benecafe/gate', { method: 'POST', body: 'otpToken=x', headers: { 'Content-Type': '', Origin: MALL_ORIGIN } }),
        415,
        'unsupported_media_type',
      ],
      ['DirectFlag not Y/N', () => postGate(adapter, gateFields('abc', { DirectFlag: 'maybe' })), 400, 'invalid_request'],
      [
        'a huge DirectURL',
        () => postGate(adapter, gateFields('abc', { DirectURL: `${SHOP}/${'x'.repeat(3000)}` })),
        400,
        'invalid_request',
      ],
      ['a token with spaces', () => postGate(adapter, gateFields('a b c')), 400, 'invalid_request'],
      ['an oversized body', () => postGate(adapter, gateFields('abc', { junk: 'x'.repeat(70_000) })), 413, 'payload_too_large'],
    ];
    for (const [name, send, status, code] of cases) {
      it(`answers ${name} with ${status} ${code} and calls nobody`, async () => {
        const err = await errorOf(await send());
        assert.deepEqual([err.status, err.code], [status, code]);
        assert.deepEqual(outgoing, []);
      });
    }

    it('refuses a file in a multipart body', async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(gateFields('abc'))) form.set(k, v);
      form.set('USER_NAME', new Blob(['x']), 'name.txt');
      const err = await errorOf(await adapter.call('/benecafe/gate', { method: 'POST', body: form, headers: { Origin: MALL_ORIGIN } }));
      assert.deepEqual([err.status, err.code], [400, 'invalid_request']);
    });

    it('accepts the token under other spellings and ignores unknown fields', async () => {
      for (const key of ['OTP_TOKEN', 'otptokenp', 'OTP TOKEN']) {
        const { otpToken: _drop, ...rest } = gateFields('');
        const res = await postGate(adapter, { ...rest, [key]: fake.issueToken(), extraField: '1' });
        assert.equal(res.status, 303, key);
      }
    });

    it('shows a person an HTML page (with the way back) instead of JSON', async () => {
      const res = await postGate(adapter, gateFields('f'.repeat(48)), { Accept: 'text/html,application/xhtml+xml' });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      const page = await res.text();
      assert.match(page, /회원 인증 정보가 올바르지 않습니다/);
      assert.match(page, /href="https:\/\/www\.benecafe\.co\.kr\/mall"/);
      assert.match(page, /benecafe_otp_invalid/);
    });

    it('answers 503 not_configured without a benecafe config', async () => {
      const bare = await startTestAdapter({});
      try {
        assert.equal((await errorOf(await postGate(bare, gateFields('abc')))).code, 'not_configured');
        assert.equal((await errorOf(await bare.call('/benecafe/session'))).status, 503);
      } finally {
        await bare.close();
      }
    });
  });
});
