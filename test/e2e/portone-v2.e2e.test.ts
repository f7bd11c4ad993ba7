import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SANDBOX_PORTONE } from '../../src/iamport/sandbox/fake-portone-api.ts';
import { certifyResultSchema } from '../../src/iamport/shared/schema.ts';
import { useDemoInChromium } from '../helpers/e2e.ts';

/**
 * The demo's Iamport page switched to PortOne V2: the same element, one result shape. Popup mode on a desktop,
 * redirect mode on a phone (390 px, touch, a mobile user agent: the fake SDK redirects as PortOne's does).
 */
describe('demo: PortOne V2 identity verification against the sandbox', () => {
  const env = useDemoInChromium();
  const MOBILE_UA =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

  async function openV2(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    // The id is minted when the button comes on screen, before any click, so the click calls PortOne at once.
    const minted = page.waitForResponse((r) => r.url().endsWith('/api/iamport/v2/identity-verifications') && r.status() === 201, {
      timeout: 30_000,
    });
    await page.goto(`${env.demo.url}/demo/?v=2`);
    await page.locator('iamport-certify-button button').waitFor();
    await minted;
    assert.equal(await page.locator('iamport-certify-button').getAttribute('store-id'), SANDBOX_PORTONE.storeId);
    return page;
  }

  async function detailOf(page: Page): Promise<Record<string, unknown>> {
    const logged = page.locator('#log [data-event="iamport-certify-success"]');
    await logged.waitFor({ timeout: 30_000 });
    return JSON.parse((await logged.textContent())!.split('iamport-certify-success')[1]!.trim()) as Record<string, unknown>;
  }

  for (const width of [1280, 390]) {
    it(`popup mode at ${width} px: verified through the fake PortOne window, same detail shape as V1`, async () => {
      const context = await env.browser.newContext({ viewport: { width, height: 800 } });
      const page = await openV2(context);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
      await popup.waitForLoadState();
      assert.match(await popup.title(), /PortOne V2/);
      await popup.fill('#name', '이서연');
      await popup.getByRole('button', { name: /인증 성공/ }).click();
      const detail = await detailOf(page);
      assert.match(String(detail.imp_uid), /^iv_[0-9a-f]{32}$/);
      assert.equal(detail.name, '이서연');
      assert.deepEqual(Object.keys(detail).sort(), Object.keys(certifyResultSchema.shape).sort(), 'the V1 detail shape');
      assert.match((await page.locator('iamport-certify-button [part=result]').textContent()) ?? '', /이\*연/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scroll at ${width} px (${overflow} px)`);
      await context.close();
    });
  }

  it('redirect mode on a phone (390 px, touch): returns to the page, verifies, and cleans the address bar', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      userAgent: MOBILE_UA,
    });
    const page = await openV2(context);
    await page.locator('iamport-certify-button button').tap();
    await page.waitForURL(/\/sandbox\/portone\/verify/);
    await page.getByRole('button', { name: /인증 성공/ }).tap();
    const detail = await detailOf(page);
    assert.match(String(detail.imp_uid), /^iv_[0-9a-f]{32}$/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('v'), '2', 'back on the V2 page');
    for (const k of ['identityVerificationId', 'transactionType', 'identityVerificationTxId']) {
      assert.equal(url.searchParams.has(k), false, `${k} removed from the address bar`);
    }
    await context.close();
  });

  it('a failure picked in the window is shown, and no success event is logged', async () => {
    const context = await env.browser.newContext();
    const page = await openV2(context);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
    await popup.getByRole('button', { name: /인증 실패/ }).click();
    const alert = page.locator('iamport-certify-button [role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? '', /본인인증 실패/);
    assert.equal(await page.locator('#log [data-event="iamport-certify-success"]').count(), 0);
    await context.close();
  });
});
