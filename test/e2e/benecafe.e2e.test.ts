import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { recordResponses, useDemoInChromium } from '../helpers/e2e.ts';

describe('demo: Benecafe partner gate from the fake welfare mall', () => {
  const env = useDemoInChromium();

  /** A fresh browser profile (no cookies) at the fake welfare mall, with every adapter answer recorded. */
  async function atMall(): Promise<{ context: BrowserContext; page: Page; answers: ReturnType<typeof recordResponses> }> {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const answers = recordResponses(page, (url) => url.pathname.startsWith('/api/benecafe/'));
    await page.goto(`${env.demo.url}/demo/benecafe.html`);
    // No session yet: the element says so and links to the mall; follow the demo's own link.
    await page.locator('benecafe-gate [part=notice]').waitFor();
    await page.locator('#mall-link').click();
    await page.waitForURL(/\/api\/sandbox\/benecafe\/mall$/);
    return { context, page, answers };
  }

  const greeting = async (page: Page) => {
    await page.locator('benecafe-gate [part=greeting]').waitFor({ timeout: 10_000 });
    return (await page.locator('benecafe-gate [part=greeting]').textContent())?.replace(/\s+/g, ' ').trim();
  };

  it('lands on the partner page greeted by name and point name; no token reaches the page', async () => {
    const { context, page, answers } = await atMall();
    await page.selectOption('#member', { label: '이하나 (J01A00051220)' });
    await page.selectOption('#company', 'C0002');
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.waitForURL(`${env.demo.url}/demo/benecafe.html`);
    assert.equal(await greeting(page), '이하나님, 한빛포인트로 결제할 수 있어요');
    const logged = page.locator('#log [data-event="benecafe-gate-ready"]');
    await logged.waitFor();
    const detail = JSON.parse((await logged.textContent())!.split('benecafe-gate-ready')[1]!.trim());
    assert.equal(detail.memberKey, 'J01A00051220');
    assert.equal(detail.companyKey, 'C0002');
    assert.equal(detail.landing.kind, 'main');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'benecafe_session');
    assert.ok(session?.httpOnly, 'HttpOnly session cookie');
    assert.equal(session.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie.includes('benecafe_session')), false, 'scripts cannot read it');
    // The gate's answer (a redirect: its headers) and the session the element read.
    for (const { route, text } of await answers.settled(['POST /api/benecafe/gate', 'GET /api/benecafe/session'])) {
      assert.doesNotMatch(text, /otpToken|dob|hmeTelNo|baseAddr/, route);
    }

    // The point balance opens in a popup from the sandbox.
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('benecafe-gate [part=points]').click()]);
    await popup.waitForLoadState();
    assert.match(await popup.title(), /한빛포인트/);
    await popup.close();

    // English switch, then logout.
    await page.locator('#lang-switch').click();
    await page.waitForFunction(() =>
      document.querySelector('benecafe-gate')?.shadowRoot?.querySelector('[part=greeting]')?.textContent?.includes('Hello'),
    );
    assert.equal(await greeting(page), 'Hello 이하나, you can pay with 한빛포인트.');
    await page.locator('benecafe-gate [part=logout]').click();
    await page.locator('benecafe-gate [part=notice]').waitFor();
    await page.reload();
    await page.locator('benecafe-gate [part=mall-link]').waitFor();
    await context.close();
  });

  it('follows DirectURL (DirectFlag=Y) on the partner origin', async () => {
    const { context, page } = await atMall();
    await page.check('input[name=route][value=direct]');
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.waitForURL(`${env.demo.url}/demo/benecafe.html?page=event`);
    assert.equal(await greeting(page), '김복지님, 복지포인트로 결제할 수 있어요');
    await page.locator('#landing[data-kind=direct]').waitFor();
    await context.close();
  });

  it('falls back to the main page for a DirectURL on another site', async () => {
    const { context, page } = await atMall();
    await page.check('input[name=route][value=direct]');
    await page.fill('#directUrl', 'https://evil.example/phish');
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.waitForURL(`${env.demo.url}/demo/benecafe.html`);
    await greeting(page);
    await page.locator('#landing[data-kind=main]').waitFor();
    await context.close();
  });

  it('goes to the BaroItem product page, and repairs a garbled point name', async () => {
    const { context, page } = await atMall();
    await page.selectOption('#company', 'C0003');
    await page.check('input[name=route][value=baro]');
    await page.fill('#baroItem', 'SKU-777');
    await page.check('input[name=garbled]');
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.waitForURL(`${env.demo.url}/demo/benecafe.html?item=SKU-777`);
    assert.equal(await greeting(page), '김복지님, 새솔 행복머니로 결제할 수 있어요');
    assert.match((await page.locator('#landing[data-kind=baro]').textContent()) ?? '', /SKU-777/);
    await context.close();
  });

  it('shows a clear page for a replayed OTP token (404) with the way back', async () => {
    const { context, page } = await atMall();
    await page.selectOption('#outcome', '404');
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.waitForURL(/\/api\/benecafe\/gate$/);
    assert.match((await page.locator('[role=alert]').textContent()) ?? '', /이미 사용된 접속 정보/);
    await page.getByRole('link', { name: /복지몰로 돌아가기/ }).click();
    await page.waitForURL(/\/api\/sandbox\/benecafe\/mall$/);
    await context.close();
  });
});
