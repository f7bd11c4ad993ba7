import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { useDemoInChromium } from '../helpers/e2e.ts';

// Chromium's real popup blocker is on (Playwright passes --disable-popup-blocking unless told not to). Headless
// Chromium enforces it (Debian's Chromium 156; its --headless is the new headless mode): a window opened without a
// user activation is refused. Two things hide that: a click's activation lasts 5 s (a window opened 2 s after an
// awaited click still opens), and page.evaluate runs as a user gesture, granting a fresh one (Playwright's other calls
// into the page may too). So between the click and the late window the test only watches console lines and
// network routes, and releases the held script once the page itself reports the activation gone.
const env = useDemoInChromium({}, { popupBlocker: true });

/**
 * Before a click: the page logs when that click's activation has run out, and the elements' events.
 * A string, so tsx's helpers (`__name`) do not reach the page.
 */
async function watch(page: Page, events: string[]) {
  await page.evaluate(`(() => {
    for (const type of ${JSON.stringify(events)})
      document.addEventListener(type, (e) => console.log('event ' + type + ' ' + (e.detail?.code ?? '')));
    document.addEventListener('click', () => {
      const timer = setInterval(() => {
        if (navigator.userActivation.isActive) return;
        clearInterval(timer);
        console.log('activation expired');
      }, 100);
    }, { once: true, capture: true });
  })()`);
}

const consoleLine = (page: Page, text: string) => page.waitForEvent('console', { predicate: (m) => m.text() === text, timeout: 20_000 });

/** Holds matching requests until `release()`; `requested` settles once the first one is held. */
async function hold(page: Page, pattern: string | RegExp) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let requested!: () => void;
  const seen = new Promise<void>((r) => (requested = r));
  await page.route(pattern, async (route: Route) => {
    requested();
    await released;
    await route.continue();
  });
  return { release, requested: seen };
}

/** Passes the fake Iamport window with a success. */
async function certifyIn(popup: Page) {
  await popup.waitForLoadState();
  await popup.fill('#name', '김민수');
  await popup.getByRole('button', { name: /인증 성공/ }).click();
}

describe('Iamport with the popup blocker on', () => {
  it('documented path: the SDK preloads when the button is visible, the click opens the window at once, verification completes', async () => {
    const page = await env.browser.newPage();
    const sdkRequests: string[] = [];
    page.on('request', (r) => void (r.url().includes('/sandbox/iamport/iamport.js') && sdkRequests.push(r.url())));
    const sdkLoaded = page.waitForResponse((r) => r.url().includes('/sandbox/iamport/iamport.js'));
    await page.goto(`${env.demo.url}/demo/`);
    await sdkLoaded; // before any hover, focus or click: the button was on screen
    await page.waitForFunction(() => typeof (window as { IMP?: { certification?: unknown } }).IMP?.certification === 'function');

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
    await certifyIn(popup);
    await page.locator('#log [data-event="iamport-certify-success"]').waitFor({ timeout: 10_000 });
    assert.match((await page.locator('iamport-certify-button [part=result]').textContent()) ?? '', /김\*수/);
    assert.equal(sdkRequests.length, 1, 'the SDK loaded once, before the click');
    await page.close();
  });

  it('slow SDK: no late window (the tap expired), the element says "press once more", and the second click succeeds', async () => {
    const page = await env.browser.newPage();
    const sdk = await hold(page, '**/sandbox/iamport/iamport.js');
    const popups: Page[] = [];
    page.on('popup', (p) => popups.push(p));
    // The visibility preload asks for the SDK at once; a held script would hold the load event too.
    await page.goto(`${env.demo.url}/demo/`, { waitUntil: 'domcontentloaded' });
    await sdk.requested;
    const button = page.locator('iamport-certify-button button');
    await button.waitFor();
    await watch(page, ['iamport-certify-error', 'iamport-certify-success']);

    const expired = consoleLine(page, 'activation expired');
    const failed = consoleLine(page, 'event iamport-certify-error press_again');
    await button.click(); // the SDK is still on its way
    await expired; // the click's activation is gone: a window opened now is not "from the click"
    sdk.release();
    await failed;

    const notice = page.locator('iamport-certify-button [part=notice]');
    assert.match((await notice.textContent()) ?? '', /한 번 더 눌러주세요/);
    assert.equal(popups.length, 0, 'no window was opened after the tap expired');

    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
    await certifyIn(popup);
    await page.locator('#log [data-event="iamport-certify-success"]').waitFor({ timeout: 10_000 });
    assert.equal(await notice.count(), 0, 'the notice is gone');
    await page.close();
  });

  it('slow SDK in English: "press the button once more"', async () => {
    const page = await env.browser.newPage();
    await page.addInitScript(() => localStorage.setItem('erp-widgets-demo-lang', 'en'));
    const sdk = await hold(page, '**/sandbox/iamport/iamport.js');
    await page.goto(`${env.demo.url}/demo/`, { waitUntil: 'domcontentloaded' });
    await sdk.requested;
    const button = page.locator('iamport-certify-button button');
    await page.waitForFunction(() =>
      document.querySelector('iamport-certify-button')?.shadowRoot?.querySelector('button')?.textContent?.includes('Verify'),
    );
    await watch(page, ['iamport-certify-error']);
    const expired = consoleLine(page, 'activation expired');
    const failed = consoleLine(page, 'event iamport-certify-error press_again');
    await button.click();
    await expired;
    sdk.release();
    await failed;
    assert.match((await page.locator('iamport-certify-button [part=notice]').textContent()) ?? '', /press the button once more/);
    await page.close();
  });
});

describe('SmartBill signup with the popup blocker on', () => {
  async function openForm(page: Page) {
    await page.goto(`${env.demo.url}/demo/smartbill.html`);
    const form = page.locator('smartbill-signup-form');
    await form.getByLabel('휴대폰').fill('010-1234-5678'); // (the validation started loading when the form connected)
    await form.getByLabel('대표자명').fill('이대표');
    return form;
  }

  it('documented path: validation already loaded, the submit opens the SmartBill window at once', async () => {
    const page = await env.browser.newPage();
    const schemaLoaded = page.waitForResponse((r) => /\/dist\/chunks\/schema-[^/]+\.js$/.test(r.url()));
    const form = await openForm(page);
    await schemaLoaded;
    const [popup] = await Promise.all([page.waitForEvent('popup'), form.getByRole('button', { name: '스마트빌 가입 진행' }).click()]);
    await popup.waitForURL(/info_inpt01\.aspx$/);
    assert.equal(await popup.locator('[data-field=pComPresident]').textContent(), '이대표');
    await form.locator('[part=status]').waitFor();
    await popup.close();
    await page.close();
  });

  it('slow validation chunk: the window opens inside the click, before the chunk arrives; then the signup goes on in it', async () => {
    const page = await env.browser.newPage();
    const chunk = await hold(page, /\/dist\/chunks\/schema-[^/]+\.js$/);
    const popups: Page[] = [];
    page.on('popup', (p) => popups.push(p));
    const form = await openForm(page);
    await chunk.requested;
    await watch(page, ['smartbill-signup-error', 'smartbill-signup-complete']);

    const expired = consoleLine(page, 'activation expired');
    const opened = page.waitForEvent('popup');
    await form.getByRole('button', { name: '스마트빌 가입 진행' }).click(); // validation still on its way
    const popup = await opened;
    await expired; // the click's activation is gone, and the window is already there
    chunk.release();
    await popup.waitForURL(/info_inpt01\.aspx$/);
    assert.equal(popups.length, 1, 'one window, the one the click opened');
    assert.equal(await form.locator('[role=alert]').count(), 0);
    await popup.getByRole('button', { name: '다음' }).click();
    await popup.getByLabel(/휴대폰 본인인증/).check();
    await popup.getByLabel(/이용약관/).check();
    await popup.getByRole('button', { name: '다음' }).click();
    await popup.getByLabel('비밀번호').fill('sandbox-pass');
    await popup.getByRole('button', { name: '가입하기' }).click();
    await form.locator('[part=result]').waitFor({ timeout: 15_000 });
    assert.match((await page.locator('#log').textContent()) ?? '', /smartbill-signup-complete/);
    await page.close();
  });
});

describe('Benecafe gate with the popup blocker on', () => {
  it('the point balance window opens from the click', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.demo.url}/demo/benecafe.html`);
    await page.locator('benecafe-gate [part=notice]').waitFor();
    await page.locator('#mall-link').click();
    await page.getByRole('button', { name: /제휴 서비스로 이동/ }).click();
    await page.locator('benecafe-gate [part=greeting]').waitFor({ timeout: 10_000 });
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('benecafe-gate [part=points]').click()]);
    await popup.waitForLoadState();
    assert.match(await popup.title(), /포인트/);
    assert.equal(await page.locator('benecafe-gate [role=alert]').count(), 0, 'no popup_blocked');
    await context.close();
  });
});
