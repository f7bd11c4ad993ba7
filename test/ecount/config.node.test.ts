import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, configSecrets, parseConfig } from '../../src/server.ts';
import { ecountConfig, ENCRYPTION_KEY } from './helpers.ts';

const base = { encryptionKey: ENCRYPTION_KEY };
const refused = (ecount: Record<string, unknown>, key: RegExp, extra: Record<string, unknown> = base) =>
  assert.throws(
    () => parseConfig({ ...extra, ecount }),
    (e: Error) => e instanceof ConfigError && key.test(e.message),
  );

describe('config "ecount"', () => {
  it('defaults: production, ko-KR, the common APIs with their limit classes, 3 failures', () => {
    const c = parseConfig({ ...base, ecount: { comCode: '80001', userId: 'ERPAPI', apiCertKey: 'k'.repeat(50) } }).ecount!;
    assert.deepEqual([c.environment, c.lanType, c.maxLoginFailures], ['production', 'ko-KR', 3]);
    assert.deepEqual(c.apis['InventoryBalance/ViewInventoryBalanceStatus'], { class: 'view', access: 'read' });
    assert.deepEqual(c.apis['Sale/SaveSale'], { class: 'save', access: 'write' });
  });

  it('refuses a COM_CODE over 6, a USER_ID over 30, a key over 50, an unknown LAN_TYPE, a partial company and a bad API path', () => {
    refused(ecountConfig({ comCode: '1234567' }), /ecount\.comCode/);
    refused(ecountConfig({ userId: 'u'.repeat(31) }), /ecount\.userId/);
    refused(ecountConfig({ apiCertKey: 'k'.repeat(51) }), /ecount\.apiCertKey/);
    refused(ecountConfig({ lanType: 'ko' }), /ecount\.lanType/);
    refused({ comCode: '80001' }, /ecount\.userId/);
    refused({}, /ecount\.comCode.*companies/);
    refused(ecountConfig({ apis: { '../OAPILogin': { class: 'view', access: 'read' } } }), /ecount\.apis/);
    refused(ecountConfig({ companies: [{ com: '123', comCode: '1', userId: 'u', apiCertKey: 'k' }] }), /ecount\.companies\.0\.com/);
  });

  it("accepts each of the seed's 8 LAN_TYPE values; the key may come from the environment and is a secret for the log redactor", () => {
    for (const lanType of ['ko-KR', 'en-US', 'zh-CN', 'zh-TW', 'ja-JP', 'vi-VN', 'es', 'id-ID']) {
      assert.equal(parseConfig({ ...base, ecount: ecountConfig({ lanType }) }).ecount!.lanType, lanType);
    }
    const c = parseConfig(
      {
        ...base,
        ecount: {
          ...ecountConfig(),
          apiCertKey: { env: 'ECOUNT_KEY' },
          companies: [{ com: '1208147521', comCode: '2', userId: 'u', apiCertKey: 'second-key-123' }],
        },
      },
      { ECOUNT_KEY: 'from-the-environment-1' },
    );
    assert.equal(c.ecount!.apiCertKey, 'from-the-environment-1');
    const secrets = configSecrets(c);
    assert.ok(secrets.includes('from-the-environment-1') && secrets.includes('second-key-123'));
  });

  it('outside the sandbox an encryption key is required (the session is stored encrypted)', () => {
    refused(ecountConfig(), /encryptionKey/, {});
    assert.ok(parseConfig({ sandbox: true, ecount: ecountConfig() }).ecount);
  });
});
