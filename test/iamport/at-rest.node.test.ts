import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { StoreCache } from '../../src/core/server/cache.ts';
import { CertificationStore } from '../../src/iamport/server/certification-store.ts';
import { InvoiceStore } from '../../src/smartbill/server/invoice-store.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { createIamportFake, IAMPORT_API, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { mockProviders, startTestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';
import { staleSealedColumns } from '../helpers/sealed.ts';

const A = randomBytes(32).toString('base64');
const B = randomBytes(32).toString('base64');
const iamport = { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret };
const CI = 'CI-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/abcdefgh==';
const DI = 'DI-MC0GCCqGSIb3DQIJAyEAvwsT0yBmdHqRDOJHkDOm+BR/example==';

describe('Iamport at rest (issue 9 item 8)', () => {
  it('the access token is sealed in the cache table; CI/DI are stored as keyed HMACs, never in clear', async () => {
    const fake = createIamportFake();
    mockProviders(...fake.handlers);
    const a = await startTestAdapter({ encryptionKey: A, iamport });
    try {
      const cert = fake.addCertification({ merchant_uid: 'at-rest-1', unique_key: CI, unique_in_site: DI });
      assert.equal(
        (await a.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'at-rest-1' }, await authHeader())).status,
        201,
      );
      const bytes = (await a.storeBytes()).toString('latin1');
      // The fake returns the same token while it is valid: ask it which one the adapter holds.
      const issued = (await (
        await fetch(`${IAMPORT_API}/users/getToken`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ imp_key: iamport.impKey, imp_secret: iamport.impSecret }),
        })
      ).json()) as { response: { access_token: string } };
      assert.equal(bytes.includes(issued.response.access_token), false, 'no access token in clear');
      const cached = await a.rows<{ cache_value: string }>("SELECT cache_value FROM cache WHERE cache_key LIKE 'iamport:token:%'");
      assert.equal(cached.length, 1);
      assert.match(cached[0]!.cache_value, /"sealed":"v2\./);
      assert.doesNotMatch(cached[0]!.cache_value, /"token"/);
      assert.equal(bytes.includes(CI), false, 'no CI in clear');
      assert.equal(bytes.includes(DI), false, 'no DI in clear');
      const [row] = await a.rows<{ data: string; unique_key_digest: string }>('SELECT data, unique_key_digest FROM iamport_certifications');
      assert.match(row!.unique_key_digest, /^h1\./);
      assert.equal((JSON.parse(row!.data) as { unique_key: string }).unique_key, row!.unique_key_digest);

      // A second verification reuses the sealed token (N verifications, N + 1 upstream calls still).
      const again = fake.addCertification({ merchant_uid: 'at-rest-2', unique_key: CI });
      assert.equal(
        (await a.post('/iamport/certifications', { imp_uid: again.imp_uid, merchant_uid: 'at-rest-2' }, await authHeader())).status,
        201,
      );

      // The ERP's server looks a returning person up by CI (server API, server key).
      const lookup = await a.serverApi('POST', '/iamport/certifications/lookup', { body: { unique_key: CI } });
      assert.equal(lookup.status, 200, await lookup.clone().text());
      const listed = ((await lookup.json()) as { certifications: { merchant_uid: string }[] }).certifications;
      assert.deepEqual(
        listed.map((c) => c.merchant_uid),
        ['at-rest-1', 'at-rest-2'],
      );
      const none = await a.serverApi('POST', '/iamport/certifications/lookup', { body: { unique_in_site: 'nobody' } });
      assert.deepEqual(await none.json(), { certifications: [] });

      // Lookup by CI works after a key rotation (previous key configured), and re-digests under the new key.
      const rotated = new CertificationStore(
        a.adapter.store,
        ['imp_uid', 'merchant_uid', 'unique_key', 'unique_in_site'],
        undefined,
        createCrypto({ key: B, previous: [A] }),
      );
      const found = await rotated.findByIdentifier('unique_key', CI);
      assert.deepEqual(
        found.map((f) => f.merchant_uid),
        ['at-rest-1', 'at-rest-2'],
      );
      assert.deepEqual(await rotated.findByIdentifier('unique_key', 'someone else'), []);
      const after = await a.rows<{ unique_key_digest: string }>('SELECT unique_key_digest FROM iamport_certifications');
      assert.ok(after.every((r) => createCrypto({ key: B }).hmacCandidates(CI, 'iamport:unique_key').includes(r.unique_key_digest)));
    } finally {
      await a.close();
    }
  });

  it('plain CI/DI only when configured (iamport.plainIdentifiers)', async () => {
    const fake = createIamportFake();
    mockProviders(...fake.handlers);
    const a = await startTestAdapter({ encryptionKey: A, iamport: { ...iamport, plainIdentifiers: true } });
    try {
      const cert = fake.addCertification({ merchant_uid: 'plain-1', unique_key: CI });
      assert.equal(
        (await a.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'plain-1' }, await authHeader())).status,
        201,
      );
      const [row] = await a.rows<{ data: string }>('SELECT data FROM iamport_certifications');
      assert.equal((JSON.parse(row!.data) as { unique_key: string }).unique_key, CI);
    } finally {
      await a.close();
    }
  });

  it('start-up outside the sandbox requires an encryption key for Iamport', async () => {
    await assert.rejects(
      (async () => (await import('../../src/server.ts')).parseConfig({ iamport }, {}))(),
      /"encryptionKey": required outside the sandbox/,
    );
  });
});

describe('re-encrypting under a new key (issue 9 item 8: erp-widgets-adapter rekey)', () => {
  it('re-seals the SmartBill credentials (per company, per user, unmatched), cached invoices and the Iamport token; the old key is no longer needed afterwards', async () => {
    const { rekeyStore } = await import('../../src/server.ts');
    const fake = createIamportFake();
    mockProviders(...fake.handlers);
    const a = await startTestAdapter({
      encryptionKey: A,
      iamport,
      smartbill: { environment: 'demo', callbackIpAllowList: { enabled: false } },
    });
    try {
      const cert = fake.addCertification({ merchant_uid: 'rekey-1' });
      assert.equal(
        (await a.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid: 'rekey-1' }, await authHeader())).status,
        201,
      );
      // SmartBill: a matched callback (AUTH_CODE + user token), a second user's token entered by hand,
      // an unmatched callback kept apart, and a cached invoice window.
      const com = '1208147521';
      const signups = new SmartbillSignupStore(a.adapter.store, createCrypto({ key: A }));
      await signups.createAttempt({ env: 'demo', comRegNo: com, pID: 'p', sub: 'erp-kim' }, Date.now());
      const cb = { COM_REGNO: com, AUTH_TOKEN: 'tok-rekey-0001', AUTH_CODE: 'code-rekey-0001', pID: 'p', SBID: 's', regYn: 'Y' };
      assert.equal((await a.post('/smartbill/callback', cb)).status, 200);
      const put = await a.serverApi('PUT', `/smartbill/credentials/${com}`, { body: { SBID: 's2', AUTH_TOKEN: 'tok-rekey-0002' } });
      assert.equal(put.status, 204);
      const other = { ...cb, pID: 'someone-else', AUTH_TOKEN: 'tok-rekey-0003', AUTH_CODE: 'code-rekey-0003' };
      assert.equal((await a.post('/smartbill/callback', other)).status, 200);
      const window = { comRegNo: com, type: 'AR' as const, dateKind: 'W' as const, from: '2026-11-01', to: '2026-11-24' };
      const cachedWindow = { invoices: [], fetchedAt: Date.now() };
      await new InvoiceStore(new StoreCache(a.adapter.store, Date.now), createCrypto({ key: A }), Date.now).setWindow(window, cachedWindow);

      const rotated = createCrypto({ key: B, previous: [A] });
      assert.ok((await staleSealedColumns(a.adapter.store, rotated)).length >= 5, 'values sealed under the old key before');
      const first = await rekeyStore(a.adapter.store, rotated);
      assert.deepEqual(first.failed, {});
      assert.deepEqual(first.resealed, {
        'smartbill_credentials.auth_code': 1,
        'smartbill_api_tokens.auth_token': 2,
        'smartbill_unmatched_credentials.auth_code': 1,
        'smartbill_unmatched_credentials.auth_token': 1,
        'cache.cache_value': 2,
      });
      assert.deepEqual(await staleSealedColumns(a.adapter.store, rotated), [], 'nothing sealed under the old key is left anywhere');
      assert.deepEqual((await rekeyStore(a.adapter.store, rotated)).resealed, {}, 'a second run finds nothing stale');

      const onlyNew = createCrypto({ key: B });
      const fresh = new SmartbillSignupStore(a.adapter.store, onlyNew);
      const creds = await fresh.getCredentials(com);
      assert.deepEqual(
        [creds?.authCode, creds?.users.map((u) => [u.sbid, u.authToken])],
        [
          'code-rekey-0001',
          [
            ['s', 'tok-rekey-0001'],
            ['s2', 'tok-rekey-0002'],
          ],
        ],
      );
      const [unmatched] = await fresh.credentials.unmatched(com);
      assert.ok(await fresh.credentials.adopt(unmatched!.seq, null, Date.now()), 'the unmatched entry opens under the new key');
      assert.equal((await fresh.getCredentials(com))?.authCode, 'code-rekey-0003');
      assert.deepEqual(
        await new InvoiceStore(new StoreCache(a.adapter.store, Date.now), onlyNew, Date.now).getWindow(window),
        cachedWindow,
      );
      const [token] = await a.rows<{ cache_key: string; cache_value: string }>(
        "SELECT cache_key, cache_value FROM cache WHERE cache_key LIKE 'iamport:token:%'",
      );
      assert.match(onlyNew.decrypt((JSON.parse(token!.cache_value) as { sealed: string }).sealed, token!.cache_key), /^[0-9a-f]{40}$/);
    } finally {
      await a.close();
    }
  });
});
