import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEcountFake, SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import { mockProviders } from '../helpers/adapter.ts';
import { ecountConfig, startInstances, WIDE_LIMITS } from './helpers.ts';

const DIST = join(import.meta.dirname, '../../dist');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

describe('Ecount: API_CERT_KEY and SESSION_ID reach no response, log line, store column in clear, or dist file', () => {
  after(() => mockProviders());

  it('over connect, status, API calls, a re-login, rate limits and failed logins', async () => {
    const fake = createEcountFake({ limits: { ...WIDE_LIMITS, view: { capacity: 3, refillPerSecond: 0.001 } } });
    mockProviders(...fake.handlers);
    const inst = await startInstances(2, { ecount: ecountConfig({ limits: WIDE_LIMITS, backoffSeconds: 1 }) });
    const seen: string[] = [];
    const record = async (res: Response) => {
      seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    };
    try {
      await record(await inst.post(0, '/ecount/connect'));
      await record(await inst.get(1, '/ecount/status'));
      for (let i = 0; i < 3; i++) await record(await inst.post(i % 2, '/ecount/api/InventoryBasic/GetBasicProductsList', {}));
      fake.expireSessions();
      await record(await inst.post(1, '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus', { PROD_CD: 'A-1002' }));
      for (let i = 0; i < 4; i++) await record(await inst.post(0, '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus', {})); // Ecount's 412/302
      fake.expireSessions();
      fake.failLogins(201);
      await new Promise((r) => setTimeout(r, 1100)); // after the back-off
      await record(await inst.post(1, '/ecount/api/InventoryBalance/ViewInventoryBalanceStatus', {}));
      await record(await inst.get(0, '/ecount/status'));

      const sessions = [...new Set(fake.apiCalls.map((c) => c.sessionId))];
      assert.ok(sessions.length >= 2, 'two sessions were used');
      assert.ok(fake.calls.rateLimited412 + fake.calls.redirected302 >= 1, 'Ecount enforced a limit once');
      const secrets = [SANDBOX_ECOUNT.apiCertKey, ...sessions, ...sessions.map(encodeURIComponent)];
      const logs = inst.all.flatMap((a) => a.logs);
      assert.ok(logs.length > 10);
      for (const text of [...seen, ...logs]) {
        for (const s of secrets) assert.equal(text.includes(s), false, `leaked in: ${text.slice(0, 200)}`);
        assert.doesNotMatch(text, /SESSION_ID=[^&"\s[]/);
      }
      // At rest: the session is sealed.
      const rows = await inst.all[0]!.adapter.store.all<{ secret: string | null }>('SELECT secret FROM ecount_state');
      assert.ok(rows.length === 1 && rows[0]!.secret);
      for (const s of sessions) assert.equal(JSON.stringify(rows).includes(s), false);
      // Sealed: version.key-id.base64, so neither the zone as written ("CC", quoted) nor the domain can be in it
      // (a bare CC can: base64 holds it by chance about once in 40 values).
      assert.match(rows[0]!.secret!, /^v\d+\.[\w-]+\.[A-Za-z0-9+/]+=*$/);
      assert.doesNotMatch(rows[0]!.secret!, /"CC"|ecount\.com/);
    } finally {
      await inst.close();
    }
  });

  it('no dist file holds the sandbox API_CERT_KEY or names SESSION_ID / API_CERT_KEY', () => {
    assert.ok(existsSync(join(DIST, 'erp-widgets.iife.js')), 'dist/ must be built first (npm test builds it)');
    for (const file of files(DIST)) {
      if (file.endsWith('.map')) continue; // source maps quote sources, not config
      const text = readFileSync(file, 'utf8');
      for (const s of [SANDBOX_ECOUNT.apiCertKey, 'API_CERT_KEY', 'SESSION_ID'])
        assert.equal(text.includes(s), false, `${file} contains ${s}`);
    }
  });
});
