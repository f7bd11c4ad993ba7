import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createEcountFake, SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import { mockProviders } from '../helpers/adapter.ts';
import { authHeader, TEST_COM } from '../helpers/auth.ts';
import { serverCall } from '../helpers/server-api.ts';
import { assertDocumentedEvent } from '../helpers/webhook-events.ts';
import { ecountConfig, type Instances, startInstances, WIDE_LIMITS } from './helpers.ts';

type ErrorBody = { error: { code: string } };
const codeOf = async (res: Response) => `${res.status} ${((await res.json()) as ErrorBody).error.code}`;
const VIEW = '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus';
const SAVE = '/ecount/api/Sale/SaveSale';

describe('Ecount: page-token scopes, tenants, the server reset and webhooks', () => {
  let inst: Instances | undefined;
  afterEach(async () => {
    await inst?.close();
    inst = undefined;
  });
  after(() => mockProviders());

  it('each route checks its scope: status ecount:read, connect ecount:connect, a save ecount:write', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(1, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const read = await authHeader({ scope: 'ecount:read' });
    assert.equal((await inst.get(0, '/ecount/status', read)).status, 200);
    assert.equal(await codeOf(await inst.post(0, '/ecount/connect', {}, read)), '403 scope_missing');
    assert.equal(await codeOf(await inst.post(0, SAVE, { SaleList: [] }, read)), '403 scope_missing');
    assert.equal((await inst.post(0, VIEW, {}, read)).status, 200);
    const write = await authHeader({ scope: 'ecount:write' });
    assert.equal(await codeOf(await inst.post(0, VIEW, {}, write)), '403 scope_missing');
    assert.equal((await inst.post(0, SAVE, { SaleList: [{ BulkDatas: { PROD_CD: 'A-1001', QTY: '1' } }] }, write)).status, 200);
    assert.equal(await codeOf(await inst.post(0, VIEW, {}, { Authorization: '' })), '401 token_missing');
  });

  it('the token is checked before the allow-list: without a valid token an unlisted API is 401, never 404 (no probing)', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(1, { ecount: ecountConfig({ limits: WIDE_LIMITS }) });
    const unlisted = '/ecount/api/Unlisted/GetSecretList';
    assert.equal(await codeOf(await inst.post(0, unlisted, {}, { Authorization: '' })), '401 token_missing');
    assert.equal(await codeOf(await inst.post(0, unlisted, {}, { Authorization: 'Bearer not-a-token' })), '401 token_invalid');
    assert.equal(await codeOf(await inst.post(0, VIEW, {}, { Authorization: '' })), '401 token_missing');
    // A valid token without any Ecount scope learns nothing about the allow-list either.
    const other = await authHeader({ scope: 'iamport:certify' });
    assert.equal(await codeOf(await inst.post(0, unlisted, {}, other)), '403 scope_missing');
    assert.equal(await codeOf(await inst.post(0, VIEW, {}, other)), '403 scope_missing');
    // A token that may use Ecount APIs: an unlisted one is named as such; a listed one checks its own scope.
    for (const scope of ['ecount:read', 'ecount:write']) {
      assert.equal(await codeOf(await inst.post(0, unlisted, {}, await authHeader({ scope }))), '404 ecount_api_not_allowed', scope);
    }
    assert.equal(fake.calls.login, 0, 'nothing reached Ecount');
  });

  it("companies[]: the page token's com picks the company; an unlisted com is 403 tenant_mismatch", async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    fake.addCompany('70002', { zone: 'IB', userId: 'SECOND', apiCertKey: 'second-company-key-1234' });
    mockProviders(...fake.handlers);
    const companies = [
      { com: TEST_COM, comCode: SANDBOX_ECOUNT.comCode, userId: SANDBOX_ECOUNT.userId, apiCertKey: SANDBOX_ECOUNT.apiCertKey },
      { com: '1111111119', comCode: '70002', userId: 'SECOND', apiCertKey: 'second-company-key-1234' },
    ];
    inst = await startInstances(1, { ecount: { environment: 'test', companies, limits: WIDE_LIMITS } });
    const first = (await (await inst.post(0, '/ecount/connect', {}, await authHeader({ com: TEST_COM }))).json()) as {
      company: string;
      zone: string;
    };
    const second = (await (await inst.post(0, '/ecount/connect', {}, await authHeader({ com: '1111111119' }))).json()) as {
      company: string;
      zone: string;
    };
    assert.deepEqual([first.company, first.zone, second.company, second.zone], ['80001', 'CC', '70002', 'IB']);
    assert.equal(await codeOf(await inst.get(0, '/ecount/status', await authHeader({ com: '2208162517' }))), '403 tenant_mismatch');
  });

  it('POST /server/ecount/reset (server key) resumes logins; webhooks ecount.session.failed and ecount.login.blocked carry no secret', async () => {
    const fake = createEcountFake({ limits: WIDE_LIMITS });
    mockProviders(...fake.handlers);
    inst = await startInstances(2, {
      ecount: ecountConfig({ limits: WIDE_LIMITS }),
      webhooks: { endpoints: [{ url: 'https://erp.example/hooks', secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}` }] },
    });
    fake.failLogins(99);
    for (let i = 0; i < 4; i++) await inst.post(i % 2, '/ecount/connect');
    assert.equal(fake.calls.login, 3);
    const rows = await inst.all[0]!.adapter.store.all<{ event_type: string; body: string }>(
      'SELECT event_type, body FROM webhook_outbox ORDER BY created_at',
    );
    assert.deepEqual(rows.map((r) => r.event_type).sort(), [
      'ecount.login.blocked',
      'ecount.session.failed',
      'ecount.session.failed',
      'ecount.session.failed',
    ]);
    for (const r of rows) assertDocumentedEvent(JSON.parse(r.body), r.event_type);
    const blocked = JSON.parse(rows.find((r) => r.event_type === 'ecount.login.blocked')!.body) as { data: Record<string, unknown> };
    assert.deepEqual(blocked.data, { company: '80001', environment: 'test', code: 'ecount_user_not_found', ecountCode: 99, failures: 3 });
    for (const r of rows) assert.equal(r.body.includes(SANDBOX_ECOUNT.apiCertKey), false);

    // The server API refuses page tokens and browsers; the server key resets.
    const base = `${inst.all[1]!.url}${inst.all[1]!.adapter.config.basePath}`;
    const pageToken = (await authHeader()).Authorization.replace('Bearer ', '');
    assert.ok([401, 403].includes((await serverCall(base, 'POST', '/server/ecount/reset', { body: {}, key: pageToken })).status));
    const fromBrowser = await serverCall(base, 'POST', '/server/ecount/reset', { body: {}, headers: { Origin: 'https://erp.example' } });
    assert.equal(fromBrowser.status, 403);
    assert.equal(((await (await inst.get(0, '/ecount/status')).json()) as { blocked: boolean }).blocked, true, 'still blocked');
    fake.failLogins(undefined);
    const reset = await serverCall(base, 'POST', '/server/ecount/reset', { body: { comCode: '80001' } });
    assert.equal(reset.status, 200);
    assert.deepEqual(await reset.json(), { reset: 1 });
    assert.equal((await inst.post(0, '/ecount/connect')).status, 200);
    assert.equal(fake.calls.login, 4);
  });
});
