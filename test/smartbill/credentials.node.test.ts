import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { addDays, kstToday } from '../../src/smartbill/shared/invoice-model.ts';
import { createSmartbillScrapeApiFake, type SmartbillScrapeApiFake } from '../../src/smartbill/sandbox/fake-scrape-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { mintTestToken } from '../helpers/auth.ts';
import { registerAttempt, serverJson } from '../helpers/smartbill.ts';

const KEY = Buffer.alloc(32, 5).toString('base64');
const DAY = 86_400_000;
// 03:00 KST on 2026-11-25: the invoice periods below stay inside SmartBill's 3 months.
const T0 = Date.parse('2026-11-24T18:00:00Z');

type User = {
  SBID: string;
  AUTH_TOKEN: string;
  sub: string | null;
  expirationDateCode: string | null;
  expiresAt: number | null;
  source: string;
};
type Company = { COM_REGNO: string; AUTH_CODE: string; SBID: string; AUTH_TOKEN: string | null; users: User[] };
type Unmatched = { seq: number; COM_REGNO: string; SBID: string; pID: string | null; shape: string };

describe('SmartBill credentials per business number + SBID (server API)', () => {
  let adapter: TestAdapter;
  let clock = T0;
  let n = 0;
  const secret = (what: string) => `${what}-${process.pid}-${++n}-cnV0Qnp1VjlrZUJuS0OteFZCanU3MkR2bUhRelFT`;
  const callback = (body: Record<string, unknown>) => adapter.post('/smartbill/callback', body);
  const company = (com: string) => serverJson<Company>(adapter, 'GET', `/smartbill/credentials/${com}`);
  const user = (com: string, sbid: string) =>
    serverJson<User & { AUTH_CODE: string }>(adapter, 'GET', `/smartbill/credentials/${com}?sbid=${sbid}`);
  const put = (com: string, body: unknown) => serverJson(adapter, 'PUT', `/smartbill/credentials/${com}`, body);
  const unmatched = async (com?: string) => {
    const res = await serverJson<{ unmatched: Unmatched[] }>(
      adapter,
      'GET',
      `/smartbill/credentials/unmatched${com ? `?com_regno=${com}` : ''}`,
    );
    assert.equal(res.status, 200);
    return res.body.unmatched;
  };

  before(async () => {
    adapter = await startTestAdapter(
      { smartbill: { environment: 'demo', encryptionKey: KEY, callbackIpAllowList: { enabled: false } } },
      { now: () => clock },
    );
  });
  after(() => adapter.close());

  it('a callback with another pID, or the older shape without pID, leaves matched credentials intact and is listed as unmatched', async () => {
    const com = '2208162517';
    await registerAttempt(adapter, KEY, { com, pID: 'erp-kim', sub: 'kim' });
    const good = { COM_REGNO: com, AUTH_TOKEN: secret('T'), AUTH_CODE: secret('C'), pID: 'erp-kim', SBID: 'sb-kim', regYn: 'Y' };
    assert.equal((await callback(good)).status, 200);
    const other = { ...good, AUTH_TOKEN: secret('T'), AUTH_CODE: secret('C'), pID: 'intruder' };
    const legacy = { USER_SBID: 'sb-kim', COM_REGNO: com, AUTH_TOKEN: secret('T'), AUTH_CODE: secret('C'), USER_EMAIL: 'x@example.com' };
    for (const body of [other, legacy]) assert.equal((await callback(body)).status, 200);

    const after = await company(com);
    assert.equal(after.status, 200);
    assert.deepEqual([after.body.AUTH_CODE, after.body.AUTH_TOKEN, after.body.SBID], [good.AUTH_CODE, good.AUTH_TOKEN, 'sb-kim']);
    assert.deepEqual(
      after.body.users.map((u) => [u.SBID, u.AUTH_TOKEN, u.sub]),
      [['sb-kim', good.AUTH_TOKEN, 'kim']],
    );

    const listRes = await adapter.serverApi('GET', `/smartbill/credentials/unmatched?com_regno=${com}`);
    const listText = await listRes.text();
    for (const s of [other.AUTH_TOKEN, other.AUTH_CODE, legacy.AUTH_TOKEN, legacy.AUTH_CODE]) {
      assert.equal(listText.includes(s), false, 'the list carries no secret');
    }
    const list = (JSON.parse(listText) as { unmatched: Unmatched[] }).unmatched;
    assert.deepEqual(
      list.map((u) => [u.COM_REGNO, u.SBID, u.pID, u.shape]),
      [
        [com, 'sb-kim', 'intruder', 'current'],
        [com, 'sb-kim', null, 'legacy'],
      ],
    );
    assert.ok(
      (await unmatched()).some((u) => u.seq === list[0]!.seq),
      'listed without a filter too',
    );

    // The operator discards the legacy one and adopts the other for the ERP user "lee".
    assert.equal((await adapter.serverApi('DELETE', `/smartbill/credentials/unmatched/${list[1]!.seq}`)).status, 204);
    assert.equal((await errorOf(await adapter.serverApi('DELETE', `/smartbill/credentials/unmatched/${list[1]!.seq}`))).code, 'not_found');
    const adopted = await serverJson(adapter, 'POST', `/smartbill/credentials/unmatched/${list[0]!.seq}/adopt`, { sub: 'lee' });
    assert.equal(adopted.status, 200);
    assert.deepEqual(await unmatched(com), []);
    const now = await user(com, 'sb-kim');
    assert.deepEqual([now.body.AUTH_CODE, now.body.AUTH_TOKEN, now.body.sub], [other.AUTH_CODE, other.AUTH_TOKEN, 'lee']);
    const gone = await serverJson(adapter, 'POST', `/smartbill/credentials/unmatched/${list[0]!.seq}/adopt`, {});
    assert.equal(gone.status, 404);
  });

  it('an unmatched callback for a business number without credentials creates none', async () => {
    const com = '3128109879';
    const body = { COM_REGNO: com, AUTH_TOKEN: secret('T'), AUTH_CODE: secret('C'), pID: 'nobody', SBID: 'sb-x', regYn: 'Y' };
    assert.equal((await callback(body)).status, 200);
    assert.equal((await company(com)).status, 404);
    assert.deepEqual(
      (await unmatched(com)).map((u) => u.SBID),
      ['sb-x'],
    );
  });

  it('two SBIDs of one company keep separate tokens; the AUTH_CODE is one per business number', async () => {
    const com = '1048137225';
    await registerAttempt(adapter, KEY, { com, pID: 'erp-kim', sub: 'kim' });
    await registerAttempt(adapter, KEY, { com, pID: 'erp-lee', sub: 'lee' });
    const kim = { COM_REGNO: com, AUTH_TOKEN: secret('T'), AUTH_CODE: secret('C'), pID: 'erp-kim', SBID: 'sb-kim', regYn: 'Y' };
    const lee = { ...kim, AUTH_TOKEN: secret('T'), pID: 'erp-lee', SBID: 'sb-lee' };
    for (const body of [kim, lee]) assert.equal((await callback(body)).status, 200);

    const all = (await company(com)).body;
    assert.equal(all.AUTH_CODE, kim.AUTH_CODE);
    assert.equal(all.SBID, 'sb-lee', 'the default user is the one who brought the AUTH_CODE last');
    assert.deepEqual(
      all.users.map((u) => [u.SBID, u.AUTH_TOKEN, u.sub, u.source]),
      [
        ['sb-kim', kim.AUTH_TOKEN, 'kim', 'callback'],
        ['sb-lee', lee.AUTH_TOKEN, 'lee', 'callback'],
      ],
    );
    assert.equal((await user(com, 'sb-kim')).body.AUTH_TOKEN, kim.AUTH_TOKEN);
    assert.equal((await user(com, 'sb-lee')).body.AUTH_TOKEN, lee.AUTH_TOKEN);
    assert.equal((await user(com, 'sb-park')).status, 404);
  });

  it('PUT then GET round trip: the expiry from each ExpirationDateCode, or an explicit one', async () => {
    const com = '2148642139';
    const issuedAt = clock - 3_600_000;
    const days = { D: 1, W: 7, H: 15, M: 30, Q: 90, R: 180, Y: 365 };
    assert.equal((await put(com, { AUTH_CODE: secret('C'), SBID: 'sb-main' })).status, 204);
    for (const [code, d] of Object.entries(days)) {
      const token = secret('T');
      const res = await put(com, { SBID: `sb-${code}`, AUTH_TOKEN: token, expirationDateCode: code, issuedAt, sub: `erp-${code}` });
      assert.equal(res.status, 204);
      const got = (await user(com, `sb-${code}`)).body;
      assert.deepEqual(
        [got.AUTH_TOKEN, got.expirationDateCode, got.expiresAt, got.sub, got.source],
        [token, code, issuedAt + d * DAY, `erp-${code}`, 'manual'],
        code,
      );
    }
    await put(com, { SBID: 'sb-Z', AUTH_TOKEN: secret('T'), expirationDateCode: 'Z' });
    assert.deepEqual([(await user(com, 'sb-Z')).body.expirationDateCode, (await user(com, 'sb-Z')).body.expiresAt], ['Z', null]);
    await put(com, { SBID: 'sb-C', AUTH_TOKEN: secret('T'), expirationDateCode: 'C', expiresAt: '2027-01-31T23:59:59+09:00' });
    const custom = (await user(com, 'sb-C')).body;
    assert.deepEqual([custom.expirationDateCode, custom.expiresAt], ['C', Date.parse('2027-01-31T14:59:59Z')]);
    await put(com, { SBID: 'sb-E', AUTH_TOKEN: secret('T'), expiresAt: clock + 5 * DAY });
    const explicit = (await user(com, 'sb-E')).body;
    assert.deepEqual([explicit.expirationDateCode, explicit.expiresAt], ['C', clock + 5 * DAY]);

    // A new AUTH_CODE alone keeps the 10 users and their tokens (sb-main has none yet); ?sbid= names the user like SBID does.
    const code2 = secret('C');
    await put(com, { AUTH_CODE: code2 });
    const all = (await company(com)).body;
    assert.deepEqual([all.AUTH_CODE, all.SBID, all.users.length], [code2, 'sb-main', 10]);
    const viaQuery = secret('T');
    assert.equal(
      (await adapter.serverApi('PUT', `/smartbill/credentials/${com}?sbid=sb-main`, { body: { AUTH_TOKEN: viaQuery } })).status,
      204,
    );
    assert.equal((await company(com)).body.AUTH_TOKEN, viaQuery);
  });

  it('PUT refuses what it cannot store with a typed 400, and stores nothing', async () => {
    const com = '6068147005';
    const cases: [unknown, string, RegExp][] = [
      [{}, 'invalid_request', /AUTH_CODE, AUTH_TOKEN or both/],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't' }, 'smartbill_sbid_required', /SBID/],
      [{ AUTH_TOKEN: 't', SBID: 's' }, 'smartbill_auth_code_required', /AUTH_CODE/],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', expirationDateCode: 'C' }, 'smartbill_expiry_required', /expiresAt/],
      [
        { AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', expirationDateCode: 'M', expiresAt: clock + DAY },
        'smartbill_expiry_conflict',
        /expiresAt/,
      ],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', expirationDateCode: 'X' }, 'invalid_request', /expirationDateCode/],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', expiresAt: 'next week' }, 'invalid_request', /expiresAt/],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', issuedAt: clock + DAY }, 'invalid_request', /issuedAt/],
      [{ AUTH_CODE: 'c', SBID: 's', expirationDateCode: 'M' }, 'invalid_request', /expirationDateCode: describe AUTH_TOKEN/],
      [{ AUTH_CODE: 'c', SBID: 's', sub: 'kim' }, 'invalid_request', /sub: describe AUTH_TOKEN/],
      [{ AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 's', extra: 1 }, 'invalid_request', /unknown field/],
    ];
    for (const [body, code, message] of cases) {
      const err = await errorOf(await adapter.serverApi('PUT', `/smartbill/credentials/${com}`, { body }));
      assert.equal(err.status, 400, JSON.stringify(body));
      assert.equal(err.code, code, JSON.stringify(body));
      assert.match(err.message, message);
    }
    const mismatch = await errorOf(
      await adapter.serverApi('PUT', `/smartbill/credentials/${com}?sbid=a`, { body: { AUTH_CODE: 'c', AUTH_TOKEN: 't', SBID: 'b' } }),
    );
    assert.deepEqual([mismatch.code, mismatch.message], ['invalid_request', 'SBID: the body and ?sbid= name different users']);
    assert.equal(
      (await errorOf(await adapter.serverApi('PUT', '/smartbill/credentials/12345', { body: { AUTH_CODE: 'c', SBID: 's' } }))).code,
      'invalid_request',
    );
    assert.equal((await company(com)).status, 404);
  });

  describe('invoices use the page user’s token', () => {
    const com = '1208147521';
    let fake: SmartbillScrapeApiFake;
    let kim: { AUTH_CODE: string; AUTH_TOKEN: string };
    let lee: { AUTH_CODE: string; AUTH_TOKEN: string };
    let day = 0;

    /** One invoice listing as the ERP user `sub`; a period not asked before, so nothing comes from the cache. */
    const listAs = async (sub: string) => {
      const to = addDays(kstToday(clock), -day++);
      const token = await mintTestToken({ sub, com, scope: 'smartbill:invoices', now: clock });
      const res = await adapter.call(`/smartbill/invoices?type=AR&from=${to}&to=${to}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.text();
      assert.equal(res.status, 200, body);
      for (const s of [kim.AUTH_TOKEN, kim.AUTH_CODE, lee.AUTH_TOKEN]) assert.equal(body.includes(s), false, 'no secret in the answer');
      const sent = fake.received.filter((r) => r.body.Signal === 'OS_DTI_LIST').at(-1)!;
      return sent.body.AuthToken;
    };

    beforeEach(async () => {
      clock += DAY;
      fake = createSmartbillScrapeApiFake({ now: () => clock });
      mockProviders(...fake.handlers);
      // kim signs up through the element (sub "kim"); lee's token is entered by hand with sub "lee".
      kim = fake.issueCredentials(com, 'sb-kim');
      lee = fake.issueCredentials(com, 'sb-lee', 'D');
      await registerAttempt(adapter, KEY, { com, pID: 'erp-kim', sub: 'kim' });
      assert.equal((await callback({ COM_REGNO: com, ...kim, pID: 'erp-kim', SBID: 'sb-kim', regYn: 'Y' })).status, 200);
      assert.equal((await put(com, { SBID: 'sb-lee', AUTH_TOKEN: lee.AUTH_TOKEN, sub: 'lee', expirationDateCode: 'D' })).status, 204);
    });

    it('each ERP user’s listing goes out with their own AUTH_TOKEN; an unknown user with the company’s', async () => {
      assert.equal(await listAs('kim'), kim.AUTH_TOKEN);
      assert.equal(await listAs('lee'), lee.AUTH_TOKEN);
      assert.equal(await listAs('park'), kim.AUTH_TOKEN, 'the default user (who brought the AUTH_CODE) stands in');
      assert.equal(fake.calls.GET_TOKEN, 0);
    });

    it('an ERP user mapped to two SBIDs (a second signup) uses the newest one', async () => {
      clock += 60_000;
      const second = fake.issueCredentials(com, 'sb-lee2');
      assert.equal((await put(com, { SBID: 'sb-lee2', AUTH_TOKEN: second.AUTH_TOKEN, sub: 'lee' })).status, 204);
      assert.equal(await listAs('lee'), second.AUTH_TOKEN);
      assert.equal(await listAs('kim'), kim.AUTH_TOKEN);
    });

    it('an expired token: one GET_TOKEN for that SBID, the new token stored for it, the other user untouched', async () => {
      clock += 2 * DAY; // lee's D token (1 day) has expired; kim's (30 days) has not
      await Promise.all([listAs('lee'), listAs('lee'), listAs('lee')]);
      const sent = fake.received.filter((r) => r.body.Signal === 'OS_DTI_LIST').map((r) => r.body.AuthToken);
      assert.equal(sent.length, 3);
      assert.equal(fake.calls.GET_TOKEN, 1, 'single-flight');
      const getToken = fake.received.find((r) => r.body.Signal === 'GET_TOKEN')!.body;
      assert.deepEqual([getToken.SbId, getToken.AuthCode, getToken.SendComRegno], ['sb-lee', kim.AUTH_CODE, com]);
      const stored = (await user(com, 'sb-lee')).body;
      assert.notEqual(stored.AUTH_TOKEN, lee.AUTH_TOKEN);
      assert.deepEqual(new Set(sent), new Set([stored.AUTH_TOKEN]), 'every call used the re-issued token');
      assert.deepEqual(
        [stored.source, stored.expirationDateCode, stored.expiresAt, stored.sub],
        ['get_token', 'M', clock + 30 * DAY, 'lee'],
      );
      assert.equal((await user(com, 'sb-kim')).body.AUTH_TOKEN, kim.AUTH_TOKEN);
      assert.equal(await listAs('kim'), kim.AUTH_TOKEN);
      assert.equal(await listAs('lee'), stored.AUTH_TOKEN);
      assert.equal(fake.calls.GET_TOKEN, 1);
    });
  });
});
