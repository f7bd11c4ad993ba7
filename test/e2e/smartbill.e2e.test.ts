import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { useDemoInChromium } from '../helpers/e2e.ts';

const env = useDemoInChromium();

it('fills the demo form, walks the fake SmartBill popup and sees "completed" without reloading', async () => {
  const page = await env.browser.newPage();
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  await page.goto(`${env.demo.url}/demo/smartbill.html`);
  const form = page.locator('smartbill-signup-form');
  // The person fills what the ERP did not know (Playwright pierces the shadow root).
  await form.getByLabel('휴대폰').fill('010-1234-5678');
  await form.getByLabel('대표자명').fill('이대표');
  const popupPromise = page.waitForEvent('popup');
  await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/info_inpt01\.aspx$/);
  assert.equal(await popup.locator('[data-field=pComRegNo]').textContent(), '1000000004', 'the model value (digits only) was posted');
  assert.equal(await popup.locator('[data-field=pComPresident]').textContent(), '이대표', 'UTF-8 arrived intact');
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel(/휴대폰 본인인증/).check();
  await popup.getByLabel(/이용약관/).check();
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel('비밀번호').fill('sandbox-pass');
  await popup.getByRole('button', { name: '가입하기' }).click();
  await popup.waitForURL(/info_inpt04\.aspx$/);

  await form.locator('[part=result]').waitFor();
  assert.match((await form.locator('[part=result]').textContent()) ?? '', /스마트빌 연동이 완료되었습니다\. \(ID: sb_erp-demo-user\)/);
  assert.match((await page.locator('#log').textContent()) ?? '', /smartbill-signup-complete/);
  assert.equal(loads.length, 1, 'the ERP page never reloaded');

  // The credentials reached the adapter's store, but never the page, the popup or a log line.
  const { SmartbillSignupStore } = await import('../../src/smartbill/server/signup-store.ts');
  const { SANDBOX_SMARTBILL } = await import('../../src/smartbill/sandbox/fake-pages.ts');
  const creds = await new SmartbillSignupStore(
    env.demo.adapter.store,
    (await import('../../src/core/server/crypto.ts')).createCrypto({ key: SANDBOX_SMARTBILL.encryptionKey }),
  ).getCredentials('1000000004');
  assert.ok(creds?.authToken && creds.authCode, 'credentials stored');
  const seen = [await page.content(), await popup.content(), env.demo.logs.join('\n')].join('\n');
  for (const s of [creds.authToken, creds.authCode, SANDBOX_SMARTBILL.encryptionKey]) assert.equal(seen.includes(s), false);
  await page.close();
});

/** Opens the fake SmartBill popup from the demo form (already loaded) and walks it to the identity check & terms (step 2). */
async function toStep2(page: Page) {
  const form = page.locator('smartbill-signup-form');
  const popupPromise = page.waitForEvent('popup');
  await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/info_inpt01\.aspx$/);
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel(/휴대폰 본인인증/).check();
  await popup.getByLabel(/이용약관/).check();
  return { form, popup };
}
const callbacks = async () =>
  (await env.demo.adapter.store.all<{ sbid: string }>('SELECT sbid FROM smartbill_callbacks')).map((r) => r.sbid);

it('an existing SmartBill member (3-1) is told to use the administrator ID, logs in, and the ERP gets the callback', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.demo.url}/demo/smartbill.html`);
  const note = page.locator('smartbill-signup-form [part=member-note]');
  await note.waitFor();
  assert.match((await note.textContent()) ?? '', /관리자 ID로 로그인해야 요금제가 정상적으로 변경됩니다/, 'warned before the window opens');
  const { form, popup } = await toStep2(page);
  await popup.getByLabel(/기존 스마트빌 회원/).check();
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.waitForURL(/info_inpt03\.aspx$/);
  assert.match((await popup.locator('#admin-login-note').textContent()) ?? '', /관리자 ID로 로그인 해야만 요금제가 정상적으로 변경 됩니다/);
  await popup.getByLabel('스마트빌 ID').fill('existing-admin');
  await popup.getByLabel('비밀번호').fill('sandbox-pass');
  await popup.getByRole('button', { name: '로그인' }).click();
  await popup.waitForURL(/info_inpt04\.aspx$/);
  await form.locator('[part=result]').waitFor();
  assert.match((await form.locator('[part=result]').textContent()) ?? '', /\(ID: existing-admin\)/);
  assert.ok((await callbacks()).includes('existing-admin'), "SmartBill's callback carried the member's existing ID");
  await page.close();
});

it('without sync (regYN=N) SmartBill sends no callback and shows vendor_join_cplt.aspx; the element links there', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.demo.url}/demo/smartbill.html`);
  // The ERP's operator knows SmartBill does not sync for them (no callback URL registered).
  await page.locator('smartbill-signup-form').evaluate((el) => el.setAttribute('callback', 'none'));
  const before = await callbacks();
  const { form, popup } = await toStep2(page);
  await popup.getByLabel(/동기화하지 않음/).check();
  await popup.getByRole('button', { name: '다음' }).click();
  await popup.getByLabel('비밀번호').fill('sandbox-pass');
  await popup.getByRole('button', { name: '가입하기' }).click();
  await popup.waitForURL(/\/xMain\/mb\/mb_join\/vendor_join_cplt\.aspx$/);
  for (const name of ['인증코드 생성', '인증토큰 발급', '공인인증서 등록']) {
    assert.equal(await popup.getByRole('link', { name }).count(), 1, `the completion page links to ${name}`);
  }
  await popup.getByRole('link', { name: '인증코드 생성' }).click();
  await popup.waitForURL(/\/xMain\/openapi\/get_auth_code\.aspx$/);
  const link = form.getByRole('link', { name: /가입 완료 페이지/ });
  assert.match((await link.getAttribute('href')) ?? '', /\/xMain\/mb\/mb_join\/vendor_join_cplt\.aspx$/);
  assert.deepEqual(await callbacks(), before, 'no callback was sent');
  assert.equal(await form.locator('[part=result]').count(), 0, 'never shown as completed');
  await page.close();
});

it('the browser bundle carries no SmartBill secret and none of the server-side code', () => {
  const dist = join(import.meta.dirname, '../../dist');
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  assert.ok(
    files.some((f) => f.includes('smartbill-signup-form')),
    'the element is built',
  );
  const code = files.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
  assert.ok(code.includes('smartbill-signup-form'));
  for (const needle of [
    'c2FuZGJveC1zbWFydGJpbGwta2V5LTMyLWJ5dGVzISE=',
    'aes-256-gcm',
    'smartbill_credentials',
    'AUTH_TOKEN',
    'AUTH_CODE',
  ]) {
    assert.equal(code.includes(needle), false, `bundle contains ${needle}`);
  }
});
