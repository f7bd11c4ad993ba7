// Issue 24: a provider is one folder. The made-up sixth provider in test/fixtures/sixth-provider/ is added as a module
// (its server half and its sandbox half) and shows up in config validation, the OpenAPI document, the sandbox, rekey
// and the CLI, with no edit outside its folder: the core (src/core/) learns about it only from the list it is given.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { composeSandbox } from '../../src/core/sandbox/sandbox.ts';
import { ConfigError, configSecrets, parseConfig } from '../../src/core/server/config.ts';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { rekeyStore } from '../../src/core/server/rekey.ts';
import { providers } from '../../src/providers.ts';
import { sandboxModules } from '../../src/sandbox.ts';
import { SANDBOX_SIXTH_KEY, sixthSandbox } from '../fixtures/sixth-provider/sandbox.ts';
import { sixthModule } from '../fixtures/sixth-provider/server.ts';
import { errorOf, startTestAdapter, TEST_ENCRYPTION_KEY, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';
import { staleSealedColumns } from '../helpers/sealed.ts';
import { freshTestStore } from '../helpers/store.ts';

const six = [...providers, sixthModule];
const sandboxes = [...sandboxModules, sixthSandbox];
const NEW_KEY = Buffer.alloc(32, 7).toString('base64');

describe('a sixth provider added as a module (issue 24)', () => {
  it('config validation: its section is checked by its schema, its secrets are redacted, its production checks run', () => {
    assert.throws(() => parseConfig({ sandbox: true, sixth: { apiKey: 'k' } }, providers, {}), /config key "\(root\)".*\(sixth\)/s);
    const c = parseConfig({ sandbox: true, sixth: { apiKey: 'sixth-secret-key' } }, six, {});
    assert.deepEqual(c.sixth, { apiKey: 'sixth-secret-key', apiBase: 'https://api.sixth.example' });
    assert.ok(configSecrets(c, six).includes('sixth-secret-key'));
    assert.throws(() => parseConfig({ sandbox: true, sixth: {} }, six, {}), /config key "sixth\.apiKey"/);
    // Outside the sandbox: its URL must be https, and it seals at rest, so encryptionKey is required.
    const err = (() => {
      try {
        parseConfig({ sixth: { apiKey: 'k', apiBase: 'http://api.sixth.example' } }, six, {});
      } catch (e) {
        return e as Error;
      }
    })();
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /"sixth\.apiBase": must be https:\/\/ outside the sandbox/);
    assert.match(err.message, /"encryptionKey": required outside the sandbox .*Sixth tokens/);
    // Its webhook events are names an endpoint may subscribe to.
    const endpoint = { url: 'https://erp.example/hooks', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` };
    assert.doesNotThrow(() =>
      parseConfig({ sandbox: true, webhooks: { endpoints: [{ ...endpoint, events: ['sixth.balance.read'] }] } }, six, {}),
    );
    assert.throws(
      () => parseConfig({ sandbox: true, webhooks: { endpoints: [{ ...endpoint, events: ['sixth.balance.read'] }] } }, providers, {}),
      /webhooks\.endpoints\.0\.events\.0/,
    );
  });

  describe('in a sandboxed adapter', () => {
    let a: TestAdapter;
    before(async () => {
      a = await startTestAdapter({ sandbox: true }, { providers: six, sandbox: (config) => composeSandbox(config, sandboxes) });
    });
    after(() => a.close());

    it('the OpenAPI document has its tag and its operations, with its scope', async () => {
      const doc = (await (await a.call('/openapi.json')).json()) as {
        tags: { name: string; description: string }[];
        paths: Record<string, Record<string, { tags: string[]; 'x-scopes'?: string[] }>>;
      };
      assert.deepEqual(
        doc.tags.find((t) => t.name === 'sixth'),
        { name: 'sixth', description: 'A made-up sixth provider (test fixture).' },
      );
      assert.deepEqual(doc.paths['/sixth/balance']?.get?.tags, ['sixth']);
      assert.deepEqual(doc.paths['/sixth/balance']?.get?.['x-scopes'], ['sixth:read']);
      // Server API operations share the `server` tag (the ERP backend's API).
      assert.deepEqual(doc.paths['/server/sixth/tokens/{id}']?.put?.tags, ['server']);
    });

    it('the sandbox answers its API with its fake, and its health lists it', async () => {
      const res = await a.call('/sixth/balance', { headers: await authHeader({ scope: 'sixth:read' }) });
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(await res.json(), { balance: 42 });
      assert.equal(a.adapter.config.sixth && (a.adapter.config.sixth as { apiKey: string }).apiKey, SANDBOX_SIXTH_KEY);
      assert.ok(((await (await a.call('/health')).json()) as { providers: string[] }).providers.includes('sixth'));
    });

    it('its scope is in the demo token the sandbox hands out', async () => {
      const res = await a.post('/sandbox/page-tokens', {});
      const { token } = (await res.json()) as { token: string };
      const scope = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { scope: string };
      assert.ok(scope.scope.split(' ').includes('sixth:read'), scope.scope);
    });
  });

  it('without its config section its routes answer the shared 503 not_configured, naming its config key', async () => {
    const a = await startTestAdapter({}, { providers: six });
    try {
      const res = await a.call('/sixth/balance', { headers: await authHeader({ scope: 'sixth:read' }) });
      const err = await errorOf(res);
      assert.deepEqual([err.status, err.code], [503, 'not_configured']);
      assert.match(err.message, /Sixth is not configured on this adapter \(config key "sixth"\)/);
    } finally {
      await a.close();
    }
  });

  it('the CLI lists its command and runs it on the store of the config file', async () => {
    const store = await freshTestStore();
    const dir = mkdtempSync(join(tmpdir(), 'erpw-sixth-cli-'));
    const config = { sixth: { apiKey: 'k' }, encryptionKey: TEST_ENCRYPTION_KEY, store: store.config, log: 'silent' as const };
    const a = await startTestAdapter(config, { providers: six });
    try {
      assert.equal((await a.serverApi('PUT', '/sixth/tokens/t-1', { body: { token: 'sixth-token-1' } })).status, 204);
      writeFileSync(join(dir, 'adapter.config.json'), JSON.stringify(config));
      const cli = (...args: string[]) =>
        promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, '../fixtures/sixth-provider/cli.ts'), ...args],
          {
            timeout: 30_000,
          },
        );
      assert.match((await cli('--help')).stdout, /erp-widgets-adapter sixth-tokens --config FILE \[--json\] +how many Sixth tokens/);
      const { stdout } = await cli('sixth-tokens', '--config', join(dir, 'adapter.config.json'), '--json');
      assert.deepEqual(JSON.parse(stdout), { tokens: 1 });
    } finally {
      await a.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rekey re-seals its sealed column (listed by the module), leaving nothing stale', async () => {
    const a = await startTestAdapter({ sixth: { apiKey: 'k' }, encryptionKey: TEST_ENCRYPTION_KEY }, { providers: six });
    try {
      assert.equal((await a.serverApi('PUT', '/sixth/tokens/t-1', { body: { token: 'sixth-token-1' } })).status, 204);
      const rotated = createCrypto({ key: NEW_KEY, previous: [TEST_ENCRYPTION_KEY] });
      assert.deepEqual(await staleSealedColumns(a.adapter.store, rotated), ['sixth_tokens.token']);
      // Without the module, rekey does not know the column: the value stays under the old key.
      assert.equal((await rekeyStore(a.adapter.store, rotated, providers)).resealed['sixth_tokens.token'], undefined);
      const { resealed, failed } = await rekeyStore(a.adapter.store, rotated, six);
      assert.deepEqual([resealed['sixth_tokens.token'], failed], [1, {}]);
      assert.deepEqual(await staleSealedColumns(a.adapter.store, rotated), []);
      const [row] = await a.rows<{ token: string }>('SELECT token FROM sixth_tokens');
      assert.equal(createCrypto({ key: NEW_KEY }).decrypt(row!.token, 'sixth_tokens:t-1:token'), 'sixth-token-1');
    } finally {
      await a.close();
    }
  });
});
