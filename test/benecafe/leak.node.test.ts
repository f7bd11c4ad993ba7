import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBenecafeFake, SANDBOX_MEMBERS } from '../../src/benecafe/sandbox/fake-api.ts';
import { mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { gateFields, MALL_ORIGIN, postGate, sessionCookie } from './helpers.ts';

/** What SPEC lets the browser see of a gate session (and nothing else). */
const ALLOWED_SESSION_KEYS = [
  'companyKey',
  'expiresAt',
  'landing',
  'memberKey',
  'name',
  'pointName',
  'pointNameCode',
  'popupUrl',
  'receipt',
  // Opaque: the partner's backend asks GET /server/benecafe/sessions/:ref (server key) who it is.
  'ref',
];

describe('Benecafe: nothing secret reaches the browser or the logs', () => {
  let adapter: TestAdapter;
  const fake = createBenecafeFake();
  before(async () => {
    mockProviders(...fake.handlers);
    adapter = await startTestAdapter({
      benecafe: { mainUrl: 'https://shop.partner.example/', checkUrl: true, gateOrigins: [MALL_ORIGIN], otpHosts: ['*.benecafe.co.kr'] },
    });
  });
  after(() => adapter.close());

  it('no OTP token and no member field beyond the allowed ones in any response', async () => {
    const member = SANDBOX_MEMBERS[1];
    const tokens = [
      fake.issueToken(member.custId),
      fake.issueToken(member.custId),
      'f'.repeat(48),
      fake.issueToken(member.custId, { outcome: '403' }),
    ];
    const responses: Response[] = [];
    const first = await postGate(adapter, gateFields(tokens[0]!, { CFM_CUS_ID: member.custId, USER_NAME: member.mbrNm }));
    responses.push(first);
    const cookie = sessionCookie(first)!.value;
    const withCookie = { Cookie: `benecafe_session=${cookie}` };
    responses.push(await adapter.call('/benecafe/session', { headers: withCookie }));
    responses.push(await postGate(adapter, gateFields(tokens[0]!), { Accept: 'text/html' })); // replay, HTML page
    responses.push(await postGate(adapter, gateFields(tokens[0]!))); // replay, JSON
    responses.push(await postGate(adapter, gateFields(tokens[2]!)));
    responses.push(await postGate(adapter, gateFields(tokens[3]!)));
    responses.push(await postGate(adapter, gateFields(tokens[1]!, { CUS_URL: 'https://127.0.0.1' })));
    const second = await postGate(adapter, gateFields(tokens[1]!, { CFM_CUS_ID: member.custId, USER_NAME: member.mbrNm }));
    responses.push(second);
    const cookie2 = sessionCookie(second)!.value;
    const sessionRes = await adapter.call('/benecafe/session', { headers: { Cookie: `benecafe_session=${cookie2}` } });
    const sessionText = await sessionRes.text();
    responses.push(await adapter.call('/benecafe/session', { method: 'DELETE', headers: { Cookie: `benecafe_session=${cookie2}` } }));
    responses.push(await adapter.call('/health'));

    const session = JSON.parse(sessionText).session as Record<string, unknown>;
    assert.deepEqual(Object.keys(session).sort(), ALLOWED_SESSION_KEYS);
    assert.equal(session.name, member.mbrNm);

    const texts = [sessionText];
    for (const r of responses) texts.push(`${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await r.text()}`);
    const everything = texts.join('\n---\n');
    const forbidden = [
      ...tokens,
      member.dob,
      member.hmeTelNo,
      member.baseAddr,
      member.dtlsAddr,
      member.postNo,
      member.mbrNo,
      member.mbrId,
      member.empen,
      'VR000216',
      'otpToken',
      'agrDts',
    ];
    for (const secret of forbidden) assert.equal(everything.includes(secret), false, `a response carries ${secret}`);

    const logs = adapter.logs.join('\n');
    assert.ok(logs.includes('/benecafe/gate'), 'gate requests are logged');
    for (const token of tokens) assert.equal(logs.includes(token), false, 'a log line carries an OTP token');
    assert.equal(logs.includes(cookie), false, 'a log line carries a session id');
  });
});
