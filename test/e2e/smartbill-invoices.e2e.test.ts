import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { createCrypto } from '../../src/core/server/crypto.ts';
import { SANDBOX_SMARTBILL } from '../../src/smartbill/sandbox/fake-pages.ts';
import { SmartbillSignupStore } from '../../src/smartbill/server/signup-store.ts';
import { useDemoInChromium } from '../helpers/e2e.ts';

const env = useDemoInChromium();

/** The demo signup (as test/e2e/smartbill.e2e.test.ts walks it): the adapter then holds the credentials. */
async function signUpInDemo(page: Page) {
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
}

it('after the demo signup, the demo lists last month’s sales invoices, opens one and exports CSV', async () => {
  const page = await env.browser.newPage({ acceptDownloads: true });
  // 1. The signup: the adapter now holds the credentials.
  await signUpInDemo(page);

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

/** Last month's sales in the demo's list, at the page's size; resolves with the list once its caption shows. */
async function listLastMonth(page: Page) {
  await page.goto(`${env.demo.url}/demo/smartbill-invoices.html`);
  const list = page.locator('smartbill-invoice-list');
  await list.getByLabel('기간').selectOption('lastMonth');
  await list.getByRole('radio', { name: '매출' }).check();
  await list.getByRole('button', { name: '조회' }).click();
  await list
    .locator('caption')
    .filter({ hasText: /매출 세금계산서/ })
    .waitFor();
  return list;
}

it('on a phone (390×844, touch) the list reads as cards with every amount in view, and the opened invoice fits', async () => {
  const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await signUpInDemo(page);
  const list = await listLastMonth(page);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways swipe on the page');
  // Each invoice is a card: the counterpart, then labelled amounts, all inside the screen; the caption wraps.
  const inView = async (selector: string) => {
    const box = (await list.locator(selector).first().boundingBox())!;
    return box.x >= 0 && box.x + box.width <= 390;
  };
  for (const cell of ['caption', 'tbody tr th', 'tbody tr td.total', 'tfoot td.total']) assert.ok(await inView(cell), `${cell} in view`);
  const caption = list.locator('caption');
  assert.ok(await caption.evaluate((c) => c.scrollWidth <= c.clientWidth), 'the caption is not cut off');
  // Each amount says what it is (the column head is not beside it on a card), the totals card included.
  const label = (selector: string) =>
    list
      .locator(selector)
      .first()
      .evaluate((td) => `${getComputedStyle(td, '::before').content} ${td.textContent?.trim()}`);
  assert.match(await label('tbody tr td.total'), /^"합계" [\d,]+$/);
  assert.match(await label('tbody tr td:nth-child(4)'), /^"공급가액" [\d,]+$/);
  assert.match(await label('tfoot td.total'), /^"합계" [\d,]+$/);

  // The opened invoice, a paper form, is laid out at paper width and zoomed to fit the dialog.
  await list.locator('tbody th button').first().tap();
  const dialog = list.locator('dialog[open]');
  const frame = dialog.frameLocator('iframe');
  await frame.locator('h1').waitFor();
  const box = (await dialog.boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the dialog is inside the screen');
  const fit = await dialog.locator('iframe').evaluate((f: HTMLIFrameElement) => {
    const doc = f.contentDocument!;
    return { zoom: Number(getComputedStyle(doc.documentElement).zoom), overflow: doc.documentElement.scrollWidth - f.clientWidth };
  });
  assert.ok(fit.zoom < 0.5, `zoomed out to fit (zoom ${fit.zoom})`);
  assert.ok(fit.overflow <= 0, `no sideways scroll inside the invoice (${fit.overflow} px over)`);
  await phone.close();
});

it('at 1280 px the whole table fits its box (no column cut off)', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const list = await listLastMonth(page);
  const clip = await list.locator('.scroll').evaluate((s) => s.scrollWidth - s.clientWidth);
  assert.ok(clip <= 0, `the table is ${clip} px wider than its box`);
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
