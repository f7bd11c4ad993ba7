import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startDemo } from '../helpers/e2e.ts';

// README.md's "First embed against the sandbox", followed as written: its HTML block is served from another origin
// (only the adapter's port differs from the README's 8787), the adapter allows that origin as `--allow-origin` would,
// and Iamport and SmartBill complete through the sandbox's windows. README.ko.md carries the same block.
const ROOT = join(import.meta.dirname, '../..');
const blockOf = (file: string) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const start = text.indexOf('```html\n<!doctype html>');
  assert.ok(start > 0, `${file} has the first-embed HTML block`);
  return text.slice(start + 8, text.indexOf('```\n', start + 8));
};
const README_BLOCK = blockOf('README.md');

let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let site: Server;
let siteOrigin: string;
let served = README_BLOCK;

before(async () => {
  site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(served);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  demo = await startDemo({ allowedOrigins: [siteOrigin] }); // npm start -- --allow-origin <the page's origin>
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await demo?.close();
  site?.closeAllConnections();
  site?.close();
});

/** The README's page with the adapter where the test runs it, optionally changed (`edit`) to make a mistake. */
async function open(edit: (html: string) => string = (h) => h) {
  served = edit(README_BLOCK.replaceAll('http://localhost:8787', demo.url));
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  await page.goto(`${siteOrigin}/first-embed.html`);
  return { page, console };
}
/** The first console line matching `text`, already logged or within 20 s. */
async function logged(page: Page, lines: string[], text: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const line = lines.find((l) => text.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no console line ${text}; the console said: ${lines.join(' | ')}`);
    await page.waitForTimeout(100);
  }
}

it('README.ko.md carries the same page as README.md', () => {
  assert.equal(blockOf('README.ko.md'), README_BLOCK);
});

it('as written, from another origin: Iamport verifies and SmartBill completes', async () => {
  const { page, console } = await open();
  const certify = page.locator('iamport-certify-button');
  await page.waitForFunction(() => typeof (window as { IMP?: { certification?: unknown } }).IMP?.certification === 'function');
  const [popup] = await Promise.all([page.waitForEvent('popup'), certify.getByRole('button', { name: '휴대폰 본인인증' }).click()]);
  const verified = logged(page, console, /^verified/);
  await popup.getByRole('button', { name: /인증 성공/ }).click();
  await verified;

  const form = page.locator('smartbill-signup-form');
  const [sb] = await Promise.all([page.waitForEvent('popup'), form.getByRole('button', { name: '스마트빌 가입 진행' }).click()]);
  await sb.waitForURL(/info_inpt01\.aspx$/);
  await sb.getByRole('button', { name: '다음' }).click();
  await sb.getByLabel(/휴대폰 본인인증/).check();
  await sb.getByLabel(/이용약관/).check();
  await sb.getByRole('button', { name: '다음' }).click();
  await sb.getByLabel('비밀번호').fill('any-password');
  const signedUp = logged(page, console, /^signed up/);
  await sb.getByRole('button', { name: '가입하기' }).click();
  await signedUp;
  await form.locator('[part=result]').waitFor();
  assert.deepEqual(
    console.filter((l) => /-error/.test(l)),
    [],
  );
  await page.close();
});

it('an origin the adapter does not allow: Iamport says origin_not_allowed (not "cancelled"), and the adapter logs it', async () => {
  await demo.close();
  demo = await startDemo(); // nothing allowed
  const { page, console } = await open();
  await page.waitForFunction(() => typeof (window as { IMP?: { certification?: unknown } }).IMP?.certification === 'function');
  const refused = logged(page, console, /^iamport-certify-error .*origin_not_allowed/);
  await page.locator('iamport-certify-button').getByRole('button', { name: '휴대폰 본인인증' }).click();
  await refused;
  assert.match((await page.locator('iamport-certify-button [role=alert]').textContent()) ?? '', /허용하지 않았습니다/);
  assert.ok(
    console.some((l) => l.includes(`--allow-origin ${siteOrigin}`)),
    'the console names the fix',
  );
  assert.ok(
    demo.logs.some((l) => l.includes('origin not allowed') && l.includes(siteOrigin)),
    'the adapter logs the origin',
  );
  await page.close();
  await demo.close();
  demo = await startDemo({ allowedOrigins: [siteOrigin] });
});

it('a wrong adapter path says adapter_not_found and names the URL; a dead host says network_error', async () => {
  let { page, console } = await open((h) => h.replaceAll(`${demo.url}/api"`, `${demo.url}/erp-api"`));
  const form = page.locator('smartbill-signup-form');
  await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
  await logged(page, console, /^smartbill-signup-error .*adapter_not_found/);
  assert.ok(
    console.some((l) => l.includes(`${demo.url}/erp-api/smartbill/signups`)),
    'the console names the URL it tried',
  );
  assert.match((await form.locator('[role=alert]').textContent()) ?? '', /찾지 못했습니다/);
  await page.close();

  ({ page, console } = await open((h) => h.replaceAll(`${demo.url}/api"`, `http://127.0.0.1:9/api"`)));
  await page.locator('smartbill-signup-form').getByRole('button', { name: '스마트빌 가입 진행' }).click();
  await logged(page, console, /^smartbill-signup-error .*network_error/);
  await page.close();
});

it('without env="demo": a plain message for the person; the attribute, both values and the fix for the developer', async () => {
  // (A business number whose check digit passes in production too: the demo's own number is accepted in demo only.)
  const { page, console } = await open((h) =>
    h.replace('      env="demo"\n', '').replace('"pComRegNo":"1000000004"', '"pComRegNo":"1208147521"'),
  );
  const form = page.locator('smartbill-signup-form');
  await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
  const line = await logged(page, console, /^smartbill-signup-error .*smartbill_env_mismatch/);
  assert.match(line, /attribute: env/);
  const alert = (await form.locator('[role=alert]').textContent()) ?? '';
  assert.match(alert, /관리자에게 문의/);
  assert.doesNotMatch(alert, /env|demo|production/);
  assert.ok(
    console.some((l) => l.includes('set env="demo" on the element')),
    'the console says the fix',
  );
  await page.close();
});
