import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createEcountFake, SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import { mockProviders } from '../helpers/adapter.ts';
import { ecountConfig, type Instances, startInstances, WIDE_LIMITS } from './helpers.ts';

type ErrorBody = { error: { code: string; message: string } };
const VIEW = '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus';
/** A company whose key Ecount issued for the production server (oapi…). */
const PRODUCTION = { comCode: '70002', userId: 'PRODAPI', apiCertKey: 'prod-ecount-key-5d1f0a3c' };

/**
 * Seed 003: test keys work only on sboapi…, production keys only on oapi…; the other server answers Login
 * error 204 (테스트용/실서버용 인증키 불일치). The fake tells the two apart, so a swapped host choice fails here.
 */
describe('Ecount: test and production keys on their own servers', () => {
  let inst: Instances | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });
  after(() => mockProviders());

  const start = async (environment: 'test' | 'production', company: Record<string, string>) => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    fake.addCompany(PRODUCTION.comCode, { ...PRODUCTION, zone: 'IB', keyEnv: 'production' });
    mockProviders(...fake.handlers);
    inst = await startInstances(1, { ecount: ecountConfig({ environment, limits: WIDE_LIMITS, ...company }) });
    return fake;
  };

  it('a production key with environment "production": Zone, Login and calls go to oapi…', async () => {
    const fake = await start('production', PRODUCTION);
    assert.equal((await inst!.post(0, '/ecount/connect')).status, 200);
    assert.equal((await inst!.post(0, VIEW, {})).status, 200);
    assert.deepEqual(fake.hosts, ['https://oapi.ecount.com', 'https://oapiib.ecount.com', 'https://oapiib.ecount.com']);
  });

  it('a test key with environment "test": Zone, Login and calls go to sboapi…', async () => {
    const fake = await start('test', {});
    assert.equal((await inst!.post(0, '/ecount/connect')).status, 200);
    assert.equal((await inst!.post(0, VIEW, {})).status, 200);
    assert.deepEqual(fake.hosts, ['https://sboapi.ecount.com', 'https://sboapicc.ecount.com', 'https://sboapicc.ecount.com']);
  });

  it('a test key with environment "production": Login answers 204, the adapter says so and stops logging in', async () => {
    const fake = await start('production', {});
    const res = await inst!.post(0, '/ecount/connect');
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual([res.status, body.error.code], [502, 'ecount_api_cert_key_env_mismatch']);
    assert.deepEqual(fake.hosts, ['https://oapi.ecount.com', `https://oapi${SANDBOX_ECOUNT.zone.toLowerCase()}.ecount.com`]);
    assert.equal((await inst!.post(0, VIEW, {})).status, 503, 'no retry can help a mismatched key: logins stop');
    assert.equal(fake.calls.login, 1);
  });

  it('a production key with environment "test": Login answers 204 too', async () => {
    const fake = await start('test', PRODUCTION);
    const res = await inst!.post(0, '/ecount/connect');
    const body = (await res.json()) as ErrorBody;
    assert.deepEqual([res.status, body.error.code], [502, 'ecount_api_cert_key_env_mismatch']);
    assert.deepEqual(fake.hosts, ['https://sboapi.ecount.com', 'https://sboapiib.ecount.com']);
  });
});

describe("Ecount: the Login answer's two shapes (seed 003)", () => {
  let inst: Instances | undefined;
  after(async () => {
    await inst?.close();
    mockProviders();
  });

  it("reads SESSION_ID from the response table's flat Data.SESSION_ID and uses it", async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS, loginShape: 'flat' });
    mockProviders(...fake.handlers);
    inst = await startInstances(1, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const status = (await (await inst.post(0, '/ecount/connect')).json()) as { connected: boolean; notice: string | null };
    assert.equal(status.connected, true);
    assert.match(status.notice ?? '', /공지사항/, 'Data.NOTICE is read from the flat shape too');
    const call = await inst.post(0, VIEW, {});
    assert.equal(call.status, 200);
    assert.equal(fake.apiCalls.length, 1);
    assert.match(fake.apiCalls[0]!.sessionId, /^[0-9a-f]{48}:/, "the call carried the flat answer's session");
    assert.equal(fake.calls.sessionGone, 0);
  });
});
