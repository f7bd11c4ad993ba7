// Issue 21: every operator command of the published CLI against a live adapter sharing its store (SQLite, or
// PostgreSQL under ERP_WIDGETS_TEST_STORE=postgres), with human output and --json; send-test (the CLI's and the
// server API's) checked by the standardwebhooks package on a receiver.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { smartbillEvents } from '../../src/smartbill/server/events.ts';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';
import { BIN } from '../helpers/cli.ts';
import { type Hit, startReceiver } from '../helpers/receiver.ts';
import { freshTestStore, type TestStore } from '../helpers/store.ts';
import { BROKEN_COM, flowEcountConfig } from './flow.ts';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const KEY = Buffer.alloc(32, 4).toString('base64');
const NEW_KEY = Buffer.alloc(32, 6).toString('base64');
const UNMATCHED_COM = '2208162517';

/** Runs the published CLI; resolves with its exit code and output whatever the code. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Verified as an ERP's receiver would: the standardwebhooks package, with the endpoint's secret. */
const verified = (hit: Hit) =>
  new Webhook(SECRET).verify(hit.body, {
    'webhook-id': String(hit.headers['webhook-id']),
    'webhook-timestamp': String(hit.headers['webhook-timestamp']),
    'webhook-signature': String(hit.headers['webhook-signature']),
  }) as { type: string; test?: boolean; data: unknown };

describe('the operator CLI against a live adapter (issue 21)', { timeout: 120_000 }, () => {
  let store: TestStore;
  let dir: string;
  let configFile: string;
  let a: TestAdapter;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let accepting = false;
  let offset = 0;
  const run = (...args: string[]) => cli([...args, '--config', configFile]);

  before(async () => {
    store = await freshTestStore();
    receiver = await startReceiver(() => (accepting ? 204 : 500));
    const config = {
      sandbox: true,
      log: 'silent' as const,
      store: store.config,
      encryptionKey: KEY,
      ecount: flowEcountConfig,
      smartbill: { environment: 'demo' as const },
      webhooks: { endpoints: [{ url: `${receiver.url}/hooks`, secret: SECRET }], retryForSeconds: 60 },
    };
    dir = mkdtempSync(join(tmpdir(), 'erpw-ops-cli-'));
    configFile = join(dir, 'adapter.config.json');
    writeFileSync(configFile, JSON.stringify(config));
    a = await startTestAdapter(config, { now: () => Date.now() + offset, webhooks: { retryBaseMs: 20, pollMs: 100 } });
  });
  after(async () => {
    await a?.close();
    await receiver?.close();
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('webhooks send-test: a signed sample the standardwebhooks package verifies, marked as a test; --json; a refusal', async () => {
    accepting = true;
    const r = await run('webhooks', 'send-test', 'smartbill.signup.completed');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ok\s+http:\/\/127\.0\.0\.1:\d+\/hooks\s+HTTP 204\s+\d+ ms\s+\(msg_test_[0-9a-f]{32}\)$/m);
    const hit = receiver.hits.at(-1)!;
    const event = verified(hit);
    assert.equal(event.type, 'smartbill.signup.completed');
    assert.equal(event.test, true);
    smartbillEvents['smartbill.signup.completed'].parse(event.data);
    assert.match(String(hit.headers['webhook-id']), /^msg_test_/);

    const json = await run('webhooks', 'send-test', 'ecount.login.blocked', '--endpoint', `${receiver.url}/hooks`, '--json');
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { type: string; results: { ok: boolean; status: number; id: string }[] };
    assert.deepEqual([out.type, out.results.length, out.results[0]!.ok, out.results[0]!.status], ['ecount.login.blocked', 1, true, 204]);
    assert.equal(verified(receiver.hits.at(-1)!).type, 'ecount.login.blocked');

    const unknown = await run('webhooks', 'send-test', 'no.such.event', '--json');
    assert.equal(unknown.code, 1);
    assert.equal((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code, 'webhook_event_unknown');
    const elsewhere = await run('webhooks', 'send-test', 'ecount.login.blocked', '--endpoint', 'https://attacker.example/hooks');
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /^webhook_endpoint_unknown: https:\/\/attacker\.example\/hooks is not one of webhooks\.endpoints/);
  });

  it('POST /server/webhooks/test does the same for an ERP admin screen (verified by standardwebhooks)', async () => {
    accepting = true;
    const res = await a.serverApi('POST', '/webhooks/test', { body: { type: 'iamport.certification.verified' } });
    assert.equal(res.status, 200);
    const { results } = (await res.json()) as { results: { ok: boolean; status: number; id: string }[] };
    assert.deepEqual([results.length, results[0]!.ok, results[0]!.status], [1, true, 204]);
    const hit = receiver.hits.at(-1)!;
    assert.equal(hit.headers['webhook-id'], results[0]!.id);
    const event = verified(hit);
    assert.deepEqual([event.type, event.test], ['iamport.certification.verified', true]);
    accepting = false;
    const refused = await a.serverApi('POST', '/webhooks/test', { body: { type: 'iamport.certification.verified' } });
    const answer = (await refused.json()) as { results: { ok: boolean; status: number; error: string }[] };
    assert.deepEqual(
      answer.results.map((r) => [r.ok, r.status, r.error]),
      [[false, 500, 'HTTP 500']],
      'the receiver’s refusal is reported',
    );
    assert.equal((await a.serverApi('POST', '/webhooks/test', { body: { type: 'nope' } })).status, 400);
    const rows = await a.rows<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_outbox WHERE id LIKE 'msg_test_%'");
    assert.equal(Number(rows[0]!.n), 0, 'test sends never enter the outbox');
  });

  it('ecount status shows the stopped logins; ecount reset lets the live adapter log in again', async () => {
    const broken = await a.post('/ecount/connect', {}, await authHeader({ com: BROKEN_COM }));
    assert.equal(broken.status, 502);
    const status = await run('ecount', 'status');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^COMPANY\s+ENV\s+CONNECTED/);
    assert.match(status.stdout, /^ZN201\s+test\s+no\s+-\s+STOPPED \(ecount reset\)\s+1\s+ecount_\w+/m);
    const json = JSON.parse((await run('ecount', 'status', '--company', 'ZN201', '--json')).stdout) as {
      companies: { company: string; blocked: boolean }[];
    };
    assert.deepEqual(
      json.companies.map((c) => [c.company, c.blocked]),
      [['ZN201', true]],
    );

    const reset = await run('ecount', 'reset', '--company', 'ZN201');
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal(reset.stdout.trim(), 'ecount reset: 1 company reset (test:ZN201); logins may resume');
    const live = (await (await a.call('/ecount/status', { headers: await authHeader({ com: BROKEN_COM }) })).json()) as {
      blocked: boolean;
    };
    assert.equal(live.blocked, false, 'the live adapter sees the reset');
  });

  it('webhooks list shows the dead deliveries; webhooks retry sends one again through the live adapter', async () => {
    accepting = false;
    const before = receiver.hits.length;
    // The failed logins above queued ecount.session.failed and ecount.login.blocked; past retryForSeconds they die.
    await receiver.until((h) => h.length >= before + 1);
    offset = 61_000;
    let dead: { id: string; type: string }[] = [];
    for (let i = 0; i < 100 && dead.length < 2; i++) {
      const list = await run('webhooks', 'list', '--json');
      dead = (JSON.parse(list.stdout) as { deliveries: { id: string; type: string }[] }).deliveries;
      if (dead.length < 2) await receiver.until((h) => h.length > before + i + 1, 5_000).catch(() => undefined);
    }
    assert.deepEqual(dead.map((d) => d.type).sort(), ['ecount.login.blocked', 'ecount.session.failed']);
    const human = await run('webhooks', 'list');
    assert.match(human.stdout, /^ID\s+TYPE\s+STATUS\s+ATTEMPTS\s+LAST\s+ENDPOINT\s+CREATED$/m);
    assert.match(
      human.stdout,
      /^msg_[0-9a-f]{32}\s+ecount\.login\.blocked\s+dead\s+\d+\s+HTTP 500\s+http:\/\/127\.0\.0\.1:\d+\/hooks\s+20\d\d-/m,
    );

    accepting = true;
    const target = dead.find((d) => d.type === 'ecount.login.blocked')!;
    const retried = await run('webhooks', 'retry', target.id);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(retried.stdout.trim(), `${target.id}: pending again; a running adapter sends it now`);
    await receiver.until((h) => h.some((x) => x.headers['webhook-id'] === target.id && x.status === 204));
    const again = receiver.hits.find((x) => x.headers['webhook-id'] === target.id && x.status === 204)!;
    assert.equal(verified(again).type, 'ecount.login.blocked');
    assert.equal((await run('webhooks', 'retry', target.id)).code, 1, 'no longer dead: refused');
    const left = JSON.parse((await run('webhooks', 'list', '--json')).stdout) as { deliveries: unknown[] };
    assert.equal(left.deliveries.length, 1);
  });

  it('smartbill unmatched list, adopt and discard, seen by the live adapter’s server API', async () => {
    const body = (n: number) => ({
      COM_REGNO: UNMATCHED_COM,
      AUTH_TOKEN: `T-cli-${n}-cnV0Qnp1VjlrZUJuS0OteFZCanU3MkR2bUhRelFT`,
      AUTH_CODE: `C-cli-${n}-cnV0Qnp1VjlrZUJuS0OteFZC`,
      pID: 'nobody-registered-this',
      SBID: `sb-cli-${n}`,
      regYn: 'Y',
    });
    for (const n of [1, 2]) assert.equal((await a.post('/smartbill/callback', body(n))).status, 200);
    const list = await run('smartbill', 'unmatched', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^SEQ\s+COM_REGNO\s+SBID\s+PID\s+REGYN\s+RECEIVED$/m);
    assert.doesNotMatch(list.stdout, /T-cli-|C-cli-/, 'no secret in the list');
    const rows = (
      JSON.parse((await run('smartbill', 'unmatched', 'list', '--com', UNMATCHED_COM, '--json')).stdout) as {
        unmatched: { seq: number; SBID: string }[];
      }
    ).unmatched;
    assert.deepEqual(rows.map((r) => r.SBID).sort(), ['sb-cli-1', 'sb-cli-2']);

    const first = rows.find((r) => r.SBID === 'sb-cli-1')!;
    const adopted = await run('smartbill', 'unmatched', 'adopt', String(first.seq), '--sub', 'erp-kim');
    assert.equal(adopted.code, 0, adopted.stderr);
    assert.equal(adopted.stdout.trim(), `adopted ${first.seq}: ${UNMATCHED_COM} (SBID sb-cli-1) now uses these credentials`);
    const company = (await (await a.serverApi('GET', `/smartbill/credentials/${UNMATCHED_COM}?sbid=sb-cli-1`)).json()) as {
      AUTH_TOKEN: string;
      sub: string;
    };
    assert.deepEqual([company.AUTH_TOKEN, company.sub], [body(1).AUTH_TOKEN, 'erp-kim'], 'the live adapter serves the adopted credentials');

    const second = rows.find((r) => r.SBID === 'sb-cli-2')!;
    const discarded = await run('smartbill', 'unmatched', 'discard', String(second.seq), '--json');
    assert.deepEqual(JSON.parse(discarded.stdout), { discarded: second.seq });
    assert.equal((await run('smartbill', 'unmatched', 'discard', String(second.seq))).code, 1, 'gone: 404 not_found');
    assert.equal((await run('smartbill', 'unmatched', 'list')).stdout.trim(), 'no unmatched SmartBill callbacks');
  });

  it('rekey re-encrypts what the adapter sealed under a new key (--json), and refuses without a key', async () => {
    const rotated = join(dir, 'rotated.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(rotated, JSON.stringify({ ...config, encryptionKey: NEW_KEY, previousEncryptionKeys: [KEY] }));
    const r = await cli(['rekey', '--config', rotated, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { reencrypted: number; resealed: Record<string, number>; failed: Record<string, number> };
    assert.ok(out.reencrypted >= 2, r.stdout);
    assert.ok(out.resealed['smartbill_credentials.auth_code'], r.stdout);
    assert.deepEqual(out.failed, {});
    const human = await cli(['rekey', '--config', rotated]);
    assert.equal(human.stdout.trim(), 're-encrypted 0 value(s)', 'nothing is left under the old key');
    const keyless = join(dir, 'keyless.json');
    writeFileSync(keyless, JSON.stringify({ store: store.config }));
    const refused = await cli(['rekey', '--config', keyless]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /encryptionKey" is not set/);
  });

  it('prints usage with exit code 2 for a missing --config or an unknown sub-command', async () => {
    const noConfig = await cli(['webhooks', 'list']);
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.stdout, /^Usage: erp-widgets-adapter webhooks list --config FILE/);
    const unknown = await cli(['smartbill', 'nothing', '--config', configFile]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stdout, /smartbill unmatched/);
  });
});
