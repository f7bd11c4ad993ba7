// `npm run screenshots`: pictures of each element in its main states, taken from the sandbox demo in Chromium, into
// docs/screenshots/ (the README and docs show them). Installs Chromium and a Korean font when missing, as `npm test` does.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../src/server.ts';
import { launchChromium } from '../test/helpers/e2e.ts';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureCjkFont } from './ensure-font.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs/screenshots');

ensureChromium();
ensureCjkFont();
mkdirSync(OUT, { recursive: true });
const db = join(ROOT, '.test-tmp', `screenshots-${process.pid}.db`);
mkdirSync(join(ROOT, '.test-tmp'), { recursive: true });
const demo = await startServer(
  { sandbox: true, basePath: '/api', store: { sqlite: db }, log: 'silent' },
  { port: 0, demo: { root: ROOT } },
);
const browser: Browser = await launchChromium();
const taken: string[] = [];

/** Each newer element in both languages, desktop and phone width; the suffix names the file (none: Korean, 1280). */
const VARIANTS = [
  ['ko', 1280],
  ['en', 1280],
  ['ko', 390],
  ['en', 390],
] as const;
const suffix = (lang: 'ko' | 'en', width: number) => `${lang === 'en' ? '-en' : ''}${width === 390 ? '-390' : ''}`;

/** The 1st to the 4th of last month: a period the sandbox has invoices for, short enough for a picture. */
function lastMonthsFirstDays(): { from: string; to: string } {
  const d = new Date();
  const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 8);
  return { from: `${month}01`, to: `${month}04` };
}

async function open(path: string, lang: 'ko' | 'en' = 'ko', width = 720): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  await context.addInitScript((l) => localStorage.setItem('erp-widgets-demo-lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${demo.url}${path}`);
  await page.waitForLoadState('networkidle');
  return page;
}

/** One element's picture; `name` becomes docs/screenshots/<name>.png. */
async function shoot(page: Page, selector: string, name: string) {
  const el = page.locator(selector).first();
  await el.scrollIntoViewIfNeeded();
  await page.waitForTimeout(150); // let a transition or the spinner settle
  await el.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled' });
  taken.push(`docs/screenshots/${name}.png`);
}

try {
  // Iamport: idle, verified, cancelled (Korean), and idle in English.
  let page = await open('/demo/');
  await shoot(page, 'iamport-certify-button', 'iamport-idle');
  let [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
  await popup.getByRole('button', { name: /인증 성공/ }).click();
  await page.locator('iamport-certify-button [part=result]').waitFor({ timeout: 15_000 });
  await shoot(page, 'iamport-certify-button', 'iamport-verified');
  [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
  await popup.getByRole('button', { name: /취소/ }).click();
  await page.locator('iamport-certify-button [part=notice]').waitFor({ timeout: 15_000 });
  await shoot(page, 'iamport-certify-button', 'iamport-cancelled');
  await page.context().close();
  page = await open('/demo/', 'en');
  await shoot(page, 'iamport-certify-button', 'iamport-idle-en');
  await page.context().close();

  // SmartBill: the form, waiting for the SmartBill window, completed.
  page = await open('/demo/smartbill.html');
  const form = page.locator('smartbill-signup-form');
  await form.getByLabel('휴대폰').fill('010-1234-5678');
  await shoot(page, 'smartbill-signup-form', 'smartbill-form');
  [popup] = await Promise.all([page.waitForEvent('popup'), form.getByRole('button', { name: '스마트빌 가입 진행' }).click()]);
  await popup.waitForURL(/info_inpt01\.aspx$/);
  await form.locator('[part=steps]').waitFor();
  await shoot(page, 'smartbill-signup-form', 'smartbill-waiting');
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel(/휴대폰 본인인증/).check();
  await popup.getByLabel(/이용약관/).check();
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel('비밀번호').fill('sandbox-pass');
  await popup.getByRole('button', { name: '가입하기' }).click();
  await form.locator('[part=result]').waitFor({ timeout: 15_000 });
  await shoot(page, 'smartbill-signup-form', 'smartbill-completed');
  await page.context().close();

  // Benecafe: no session yet, then greeted after entering from the fake welfare mall.
  page = await open('/demo/benecafe.html');
  await page.locator('benecafe-gate [part=notice]').waitFor();
  await shoot(page, 'benecafe-gate', 'benecafe-none');
  await page.locator('#mall-link').click();
  await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
  await page.locator('benecafe-gate [part=greeting]').waitFor({ timeout: 15_000 });
  await shoot(page, 'benecafe-gate', 'benecafe-greeted');
  await page.context().close();

  // Ecount: not connected, then connected (the adapter keeps the session, so later pages show it).
  page = await open('/demo/ecount.html', 'ko', 1280);
  const ecount = page.locator('ecount-connect');
  await ecount.locator('[part=state]').waitFor();
  await shoot(page, 'ecount-connect', 'ecount-disconnected');
  await ecount.locator('[part=button]').click();
  await ecount.locator('[part=state].ok').waitFor({ timeout: 15_000 });
  await page.context().close();
  for (const [lang, width] of VARIANTS) {
    page = await open('/demo/ecount.html', lang, width);
    await page.locator('ecount-connect [part=state].ok').waitFor({ timeout: 15_000 });
    await shoot(page, 'ecount-connect', `ecount-connected${suffix(lang, width)}`);
    await page.context().close();
  }

  // SmartBill invoices (the signup above stored the credentials): four days of last month's sales, and one opened.
  const { from, to } = lastMonthsFirstDays();
  for (const [lang, width] of VARIANTS) {
    page = await open('/demo/smartbill-invoices.html', lang, width);
    const list = page.locator('smartbill-invoice-list');
    await list.locator('button[type=submit]').waitFor();
    await list.evaluate((el, period) => Object.assign(el, period), { from, to });
    await list.locator('button[type=submit]').click();
    await list.locator('caption').waitFor({ timeout: 15_000 });
    await shoot(page, 'smartbill-invoice-list', `smartbill-invoices${suffix(lang, width)}`);
    if (lang === 'ko') {
      // The opened invoice: at 390 px laid out at paper width and zoomed to fit.
      await list.locator('tbody th button').first().click();
      await list.locator('dialog[open]').frameLocator('iframe').locator('h1').waitFor({ timeout: 15_000 });
      await shoot(page, 'smartbill-invoice-list [part=dialog]', `smartbill-invoice-opened${suffix(lang, width)}`);
    }
    await page.context().close();
  }
} finally {
  await browser.close();
  await demo.close();
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
}
console.log(`screenshots:\n${taken.map((t) => `  ${t}`).join('\n')}`);
