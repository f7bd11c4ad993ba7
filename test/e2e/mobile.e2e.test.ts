import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemoInChromium } from '../helpers/e2e.ts';

const KAKAOTALK =
  'Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 Mobile Safari/537.36 KAKAOTALK 10.9.0';

describe('demo in in-app browsers and frames', () => {
  const env = useDemoInChromium();
  const phone = () =>
    env.browser.newContext({ userAgent: KAKAOTALK, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  it('KakaoTalk: Iamport takes the redirect flow (no popup) and comes back verified', async () => {
    const context = await phone();
    const page = await context.newPage();
    let popups = 0;
    page.on('popup', () => (popups += 1));
    await page.goto(`${env.demo.url}/demo/`);
    await page.locator('iamport-certify-button button').click();
    await page.waitForURL(/\/sandbox\/iamport\/certify\?/);
    await page.getByRole('button', { name: /인증 성공/ }).click();
    await page.waitForURL(`${env.demo.url}/demo/`); // back on the demo, the result already taken off the address bar
    await page.locator('#log [data-event="iamport-certify-success"]').waitFor({ timeout: 15_000 });
    assert.equal(popups, 0);
    await context.close();
  });

  it('Back from the redirect flow leaves no spinner or busy button behind', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${env.demo.url}/demo/`);
    await page.locator('iamport-certify-button button').click();
    await page.waitForURL(/\/sandbox\/iamport\/certify\?/);
    await page.goBack();
    await page.waitForURL(`${env.demo.url}/demo/`);
    const base = page.locator('iamport-certify-button [part=base]');
    await base.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('iamport-certify-button')?.shadowRoot?.querySelector('[part=base]')?.getAttribute('aria-busy') === 'false',
    );
    assert.equal(await page.locator('iamport-certify-button [part=spinner]').count(), 0);
    assert.equal(await page.locator('iamport-certify-button button').getAttribute('aria-disabled'), 'false');
    await context.close();
  });

  it('KakaoTalk: SmartBill signup goes through SmartBill in this window and the return link brings the person home, completed', async () => {
    const context = await phone();
    const page = await context.newPage();
    let popups = 0;
    page.on('popup', () => (popups += 1));
    await page.goto(`${env.demo.url}/demo/smartbill.html`);
    const form = page.locator('smartbill-signup-form');
    await form.getByLabel('휴대폰').fill('010-1234-5678');
    await form.getByLabel('대표자명').fill('이대표');
    await form.getByRole('button', { name: '스마트빌 가입 진행' }).click();
    await page.waitForURL(/info_inpt01\.aspx$/);
    await page.getByRole('button', { name: '다음' }).click();
    await page.getByLabel(/휴대폰 본인인증/).check();
    await page.getByLabel(/이용약관/).check();
    await page.getByRole('button', { name: '다음' }).click();
    await page.getByLabel('비밀번호').fill('sandbox-pass');
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.locator('#return-to-erp').click();
    await page.waitForURL(`${env.demo.url}/demo/smartbill.html`);
    await page.locator('smartbill-signup-form [part=result]').waitFor({ timeout: 15_000 });
    assert.equal(popups, 0);
    await context.close();
  });

  it('Benecafe gate in a cross-site frame explains that the browser withholds its cookie', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const other = env.demo.url.replace('localhost', '127.0.0.1'); // another site than the frame's
    await page.goto(`${other}/demo/`);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.title = 'partner page';
      document.body.append(frame);
    }, `${env.demo.url}/demo/benecafe.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('benecafe-gate [part=notice]').waitFor({ timeout: 15_000 });
    assert.match((await frame.locator('benecafe-gate [part=notice]').textContent()) ?? '', /iframe/);
    assert.equal(await frame.locator('benecafe-gate [part=new-window]').getAttribute('target'), '_blank');
    await context.close();
  });
});
