import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIamportFake, SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { errorOf, mockProviders, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';

// The authoritative minimum-age check (src/iamport/server/verify.ts) over real HTTP: the browser's
// check is a courtesy, this one decides. Ages are counted in full years on the KST date.
const NOW = Date.UTC(2026, 10, 25, 3, 0, 0); // 2026-11-25 12:00 KST

describe('POST /iamport/certifications with iamport.minAge = 19', () => {
  let adapter: TestAdapter;
  const fake = createIamportFake();
  before(async () => {
    mockProviders(...fake.handlers);
    adapter = await startTestAdapter(
      { iamport: { impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret, minAge: 19 } },
      { now: () => NOW },
    );
  });
  after(() => adapter.close());

  const verify = async (birthday: string | null, merchant_uid: string) => {
    const cert = fake.addCertification({ merchant_uid, birthday: birthday as string });
    return adapter.post('/iamport/certifications', { imp_uid: cert.imp_uid, merchant_uid }, await authHeader({ now: NOW }));
  };

  it('accepts someone who turned 19 today (KST)', async () => {
    assert.equal((await verify('2007-11-25', 'age-19-today')).status, 201);
  });

  it('refuses someone who turns 19 tomorrow with 403 iamport_under_min_age, and stores nothing', async () => {
    const res = await verify('2007-11-26', 'age-19-tomorrow');
    assert.deepEqual(await errorOf(res), {
      status: 403,
      code: 'iamport_under_min_age',
      message: 'the person must be at least 19 years old',
    });
    const stored = await adapter.rows("SELECT imp_uid FROM iamport_certifications WHERE merchant_uid = 'age-19-tomorrow'");
    assert.deepEqual(stored, []);
  });

  it('refuses a certification without a usable birthday', async () => {
    assert.equal((await errorOf(await verify(null, 'age-none'))).code, 'iamport_under_min_age');
    assert.equal((await errorOf(await verify('1990/01/01', 'age-bad'))).code, 'iamport_under_min_age');
  });
});
