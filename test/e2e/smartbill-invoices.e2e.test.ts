import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { SANDBOX_SMARTBILL } from '../../src/smartbill/sandbox/fake-pages.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { useDemoInChromium } from '../helpers/e2e.ts';

const env = useDemoInChromium();

it('after the demo signup, the demo lists last month’s sales invoices, opens one and exports CSV', async () => {
  const page = await env.browser.newPage({ acceptDownloads: true });
  // 1. The demo signup (as test/e2e/smartbill.e2e.test.ts walks it): the adapter now holds the credentials.
  await page.goto(`${env.demo.url}/demo/smartbill.html`);
  const form = page.locator('smartbill-signup-form');
  await form.getByLabel('휴대폰').fill('010-1234-5678');
  await form.getByLabel('대표자명').fill('이대표');
  const popupPromise = page.waitForEvent('popup');
  await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
  const popup = await popupPromise;
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel(/휴대폰 본인인증/).check();
  await popup.getByLabel(/이용약관/).check();
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel('비밀번호').fill('sandbox-pass');
  await popup.getByRole('button', { name: '가입하기' }).click();
  await form.locator('[part=result]').waitFor();
  await popup.close();

  // 2. The invoice page, reached from the signup page.
  await page.getByRole('link', { name: /세금계산서 조회/ }).click();
  await page.waitForURL(/smartbill-invoices\.html$/);
  const list = page.locator('smartbill-invoice-list');
  await list.getByRole('button', { name: '조회' }).waitFor();
  await list.getByLabel('기간').selectOption('lastMonth');
  await list.getByRole('radio', { name: '매출' }).check();
  await list.getByRole('button', { name: '조회' }).click();
  const caption = list.locator('caption');
  await caption.filter({ hasText: /매출 세금계산서 \d{4}-\d{2}-01 ~/ }).waitFor();
  const captionText = (await caption.textContent()) ?? '';
  const [, from, to, count] = /(\d{4}-\d{2}-\d{2}) ~ (\d{4}-\d{2}-\d{2}) \((\d+)건\)/.exec(captionText) ?? [];
  assert.ok(from && to && Number(count) > 20, `last month's sales are listed: ${captionText}`);
  assert.equal(from.slice(0, 7), to.slice(0, 7), 'one calendar month');
  const rows = list.locator('tbody tr');
  assert.equal(await rows.count(), Number(count));

  // 3. Open one: the original rendered with SmartBill's XSL in the sandboxed frame.
  const firstName = ((await rows.first().locator('th').textContent()) ?? '').trim();
  await rows.first().locator('th button').click();
  const dialog = list.locator('dialog[open]');
  await dialog.waitFor();
  const frame = dialog.frameLocator('iframe');
  await frame.locator('h1').waitFor();
  assert.match((await frame.locator('h1').textContent()) ?? '', /전자(세금)?계산서/);
  assert.ok(((await frame.locator('body').textContent()) ?? '').includes(firstName), 'the opened invoice names the counterpart');
  assert.equal(await dialog.locator('iframe').getAttribute('sandbox'), 'allow-same-origin allow-modals');
  await dialog.getByRole('button', { name: '닫기' }).click();
  assert.match((await page.locator('#log').textContent()) ?? '', /smartbill-invoice-select/);

  // 4. CSV: the file Excel would open.
  const downloadPromise = page.waitForEvent('download');
  await list.getByRole('button', { name: 'CSV 내보내기' }).click();
  const download = await downloadPromise;
  assert.match(download.suggestedFilename(), /^smartbill-AR-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], '작성일,거래처 상호,사업자번호,공급가액,세액,합계,종류,영수/청구,ISSUE_ID');
  assert.equal(lines.length, Number(count) + 2, 'header, every row, totals');
  // The totals row is the exact sum of the rows.
  const sum = (col: number) => lines.slice(1, -1).reduce((s, l) => s + BigInt(l.split(',')[col]!), 0n);
  const totals = lines.at(-1)!.split(',');
  assert.equal(BigInt(totals[3]!), sum(3));
  assert.equal(BigInt(totals[5]!), sum(5));

  // No SmartBill secret reached the page or a log line.
  const creds = await new SmartbillSignupStore(
    env.demo.adapter.store,
    createCrypto({ key: SANDBOX_SMARTBILL.encryptionKey }),
  ).getCredentials('1000000004');
  assert.ok(creds?.authToken && creds.authCode);
  const seen = [await page.content(), env.demo.logs.join('\n')].join('\n');
  for (const s of [creds.authToken, creds.authCode]) assert.equal(seen.includes(s), false);
  await page.close();
});

it('no dist file carries AUTH_TOKEN, AUTH_CODE or the Open API envelope', () => {
  const dist = join(import.meta.dirname, '../../dist');
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  assert.ok(files.some((f) => f.includes('smartbill-invoice-list')));
  const code = files.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
  for (const needle of ['AUTH_TOKEN', 'AUTH_CODE', 'AuthToken', 'AuthCode', 'GET_TOKEN', 'sb-api/request', 'smartbill_api_tokens']) {
    assert.equal(code.includes(needle), false, `a dist file contains ${needle}`);
  }
});
