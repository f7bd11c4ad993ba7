import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { authHeader, TEST_AUTH } from '../helpers/auth.ts';
import { spawnBin } from '../helpers/cli.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { freshTestStore, openTestStore } from '../helpers/store.ts';

const ORIGIN = 'https://erp.example.com';
const SECRET = `whsec_${Buffer.alloc(32, 8).toString('base64')}`;
const FORM = {
  pComRegNo: '120-81-47521',
  pComName: '주식회사 테스트',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '010-1111-1111',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'erp-user-1',
};

// The outbox row is written in the callback's transaction, so an event whose state change was
// acknowledged survives a crash of the adapter process and is sent by the next one.
it('an event committed just before kill -9 is delivered after a restart', { timeout: 90_000 }, async () => {
  // The ERP's endpoint is down (nothing listens on its port) until the restart.
  const probe = await startReceiver(() => 204);
  const port = Number(new URL(probe.url).port);
  await probe.close();

  const store = await freshTestStore();
  const config = join(mkdtempSync(join(tmpdir(), 'erpw-webhook-kill-')), 'adapter.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      store: store.config,
      log: 'silent',
      auth: TEST_AUTH,
      allowedOrigins: [ORIGIN],
      // A short post timeout: a claim held by the killed process expires 5 s after it.
      webhooks: { endpoints: [{ url: `http://127.0.0.1:${port}/hooks`, secret: SECRET }], timeoutMs: 1_000 },
    }),
  );
  const first = await spawnBin(['--sandbox', '--config', config]);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${first.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const reg = await post('/smartbill/signups', { env: 'demo', form: FORM }, { Origin: ORIGIN, ...(await authHeader()) });
  assert.equal(reg.status, 201, await reg.clone().text());
  const cb = await post('/smartbill/callback', {
    COM_REGNO: '1208147521',
    AUTH_TOKEN: 'TOKEN-kill-cnV0Qnp1VjlrZUJuS0OteFZCanU3MkR2bUhRelFTR0hd',
    AUTH_CODE: 'CODE000113F89DFEK99D4474A67EABE8F72',
    Email: 'tax@example.com',
    pID: 'erp-user-1',
    SBID: 'sb_kill',
    regYn: 'Y',
  });
  assert.equal(cb.status, 200);
  first.child.kill('SIGKILL');
  await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode ? r(undefined) : first.child.once('exit', r)));
  assert.equal(first.child.signalCode, 'SIGKILL');

  const reopened = openTestStore(store.config);
  const rows = await reopened.all<{ id: string; status: string }>('SELECT id, status FROM webhook_outbox');
  await reopened.close();
  assert.equal(rows.length, 1, 'the event is in the outbox');
  assert.equal(rows[0]!.status, 'pending', 'and not delivered yet');

  const receiver = await startReceiver(() => 204, port);
  const second = await spawnBin(['--sandbox', '--config', config]);
  try {
    // The killed process's claim runs out first (timeoutMs + 5 s); a minute is the hang guard, not an expectation.
    await receiver.until((hits) => hits.some((h) => h.status === 204), 60_000);
    const hit = receiver.hits.find((h) => h.status === 204)!;
    assert.equal(hit.headers['webhook-id'], rows[0]!.id);
    const event = new Webhook(SECRET).verify(hit.body, {
      'webhook-id': String(hit.headers['webhook-id']),
      'webhook-timestamp': String(hit.headers['webhook-timestamp']),
      'webhook-signature': String(hit.headers['webhook-signature']),
    }) as { type: string };
    assert.equal(event.type, 'smartbill.signup.completed');
  } finally {
    await second.stop();
    await receiver.close();
    await store.drop();
  }
});
