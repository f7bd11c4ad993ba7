import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { parseConfig } from '../../src/server.ts';

const A = randomBytes(32).toString('base64');
const B = randomBytes(32).toString('hex');

/** The older SmartBill format (`v1.`, raw key), as rows written before the move hold it. */
function legacySeal(keyB64: string, plain: string, context: string) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), iv);
  c.setAAD(Buffer.from(context));
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), data]).toString('base64')}`;
}

describe('shared encryption at rest (src/core/server/crypto.ts)', () => {
  it('round-trips, names its key, and binds a value to its context', () => {
    const c = createCrypto({ key: A });
    const sealed = c.encrypt('비밀 AUTH_TOKEN', 'row:1');
    assert.match(sealed, /^v2\.[A-Za-z0-9_-]{8}\./);
    assert.equal(sealed.includes('AUTH_TOKEN'), false);
    assert.equal(c.decrypt(sealed, 'row:1'), '비밀 AUTH_TOKEN');
    assert.throws(() => c.decrypt(sealed, 'row:2'));
    assert.notEqual(c.encrypt('x'), c.encrypt('x'), 'fresh IV each time');
  });

  it('after a rotation, old values open with previous keys and are marked stale until re-sealed', () => {
    const old = createCrypto({ key: A });
    const sealed = old.encrypt('token', 'ctx');
    const rotated = createCrypto({ key: B, previous: [A] });
    assert.equal(rotated.decrypt(sealed, 'ctx'), 'token');
    assert.equal(rotated.isStale(sealed), true);
    const resealed = rotated.encrypt(rotated.decrypt(sealed, 'ctx'), 'ctx');
    assert.equal(rotated.isStale(resealed), false);
    assert.equal(createCrypto({ key: B }).decrypt(resealed, 'ctx'), 'token', 'the old key is no longer needed');
    assert.throws(() => createCrypto({ key: B }).decrypt(sealed, 'ctx'), /previousEncryptionKeys/);
  });

  it('reads the older SmartBill v1 format with the current or a previous key', () => {
    const v1 = legacySeal(A, 'legacy', 'smartbill:1208147521:auth_code');
    assert.equal(createCrypto({ key: A }).decrypt(v1, 'smartbill:1208147521:auth_code'), 'legacy');
    const rotated = createCrypto({ key: B, previous: [A] });
    assert.equal(rotated.decrypt(v1, 'smartbill:1208147521:auth_code'), 'legacy');
    assert.equal(rotated.isStale(v1), true);
  });

  it('keyed digests: stable per key and purpose, looked up across a rotation', () => {
    const a = createCrypto({ key: A });
    const d = a.hmac('CI-VALUE', 'iamport:unique_key');
    assert.equal(d, a.hmac('CI-VALUE', 'iamport:unique_key'));
    assert.notEqual(d, a.hmac('CI-VALUE', 'iamport:unique_in_site'));
    assert.equal(d.includes('CI-VALUE'), false);
    const rotated = createCrypto({ key: B, previous: [A] });
    assert.notEqual(rotated.hmac('CI-VALUE', 'iamport:unique_key'), d);
    assert.ok(rotated.hmacCandidates('CI-VALUE', 'iamport:unique_key').includes(d));
  });

  it('without a key it is disabled and refuses to seal', () => {
    const none = createCrypto({});
    assert.equal(none.enabled, false);
    assert.throws(() => none.encrypt('x'), /encryptionKey/);
  });

  it('config: top-level encryptionKey and previousEncryptionKeys; smartbill.encryptionKey still accepted', () => {
    const top = parseConfig({ encryptionKey: A, previousEncryptionKeys: [B], smartbill: { environment: 'demo' } }, {});
    assert.equal(top.encryptionKey, A);
    assert.deepEqual(top.previousEncryptionKeys, [B]);
    assert.equal(parseConfig({ smartbill: { environment: 'demo', encryptionKey: A } }, {}).smartbill?.encryptionKey, A);
    assert.throws(() => parseConfig({ smartbill: { environment: 'demo' } }, {}), /"encryptionKey": required outside the sandbox/);
    assert.throws(() => parseConfig({ previousEncryptionKeys: ['short'] }, {}), /previousEncryptionKeys\.0/);
  });
});
