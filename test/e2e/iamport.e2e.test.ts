import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SANDBOX_IAMPORT } from '../../src/iamport/sandbox/fake-api.ts';
import { recordResponses, useDemoInChromium } from '../helpers/e2e.ts';

describe('demo: Iamport identity verification against the sandbox', () => {
  const env = useDemoInChromium();

  async function openDemo(): Promise<Page> {
    const page = await env.browser.newPage();
    await page.goto(`${env.demo.url}/demo/`);
    await page.locator('iamport-certify-button button').waitFor();
    return page;
  }

  it('completes through the fake popup: success event logged, masked name shown', async () => {
    const page = await openDemo();
    const answers = recordResponses(page, (url) => url.pathname.startsWith('/api/iamport/'));
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
    await popup.waitForLoadState();
    assert.match(await popup.title(), /본인인증/);
    await popup.fill('#name', '김민수');
    await popup.getByRole('button', { name: /인증 성공/ }).click();

    const logged = page.locator('#log [data-event="iamport-certify-success"]');
    await logged.waitFor({ timeout: 10_000 });
    const detail = JSON.parse((await logged.textContent())!.split('iamport-certify-success')[1]!.trim());
    assert.match(detail.imp_uid, /^imp_\d{12}$/);
    assert.equal(detail.name, '김민수');
    assert.equal(detail.unique_key, undefined);
    assert.match((await page.locator('iamport-certify-button [part=result]').textContent()) ?? '', /김\*수/);

    for (const { route, text } of await answers.settled(['POST /api/iamport/certifications'])) {
      assert.equal(text.includes(SANDBOX_IAMPORT.impSecret), false, `no secret reaches the page (${route})`);
    }
    await page.close();
  });

  it('shows the failure the person picked in the popup', async () => {
    const page = await openDemo();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
    await popup.getByRole('button', { name: /인증 실패/ }).click();
    const alert = page.locator('iamport-certify-button [role=alert]');
    await alert.waitFor({ timeout: 10_000 });
    assert.match((await alert.textContent()) ?? '', /인증번호가 일치하지 않습니다/);
    await page.locator('#log [data-event="iamport-certify-error"]').waitFor();
    await page.close();
  });

  it('switches the whole page to English', async () => {
    const page = await openDemo();
    await page.locator('#lang-switch').click();
    await page.waitForFunction(() =>
      document
        .querySelector('iamport-certify-button')
        ?.shadowRoot?.querySelector('button')
        ?.textContent?.includes('Verify with mobile phone'),
    );
    await page.close();
  });
});
