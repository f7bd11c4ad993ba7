import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/e2e.ts';

const DIST = join(import.meta.dirname, '../../dist');
const PAGE = 'https://erp.example';
const CDN = 'https://cdn.example';

/** Serves dist/ under ${CDN}/static/erp/ (and `extra` scripts by path), noting every path asked. */
function serveDist(page: Page, fetched: string[], extra: Record<string, string> = {}) {
  return page.route(`${CDN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    fetched.push(path);
    const js = 'text/javascript; charset=utf-8';
    if (extra[path] !== undefined) return route.fulfill({ contentType: js, body: extra[path] });
    const file = normalize(join(DIST, path.replace(/^\/static\/erp\//, '')));
    if (!path.startsWith('/static/erp/') || !file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: js, headers: { 'access-control-allow-origin': '*' }, body: readFileSync(file) });
  });
}

/**
 * The classic bundle loads English text and the form's validation as chunks
 * from next to itself (`import()` in a classic script), not from the page's
 * folder: here the page and the script live on different origins and paths.
 */
describe('erp-widgets.iife.js served from another origin', () => {
  let browser: Browser;
  before(async () => {
    assert.ok(existsSync(join(DIST, 'erp-widgets.iife.js')), 'dist/ is built (npm run build)');
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('renders English and validates the form with chunks fetched from its own folder', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const fetched: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${PAGE}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><script src="${CDN}/static/erp/erp-widgets.iife.js"></script></head>
          <body><iamport-certify-button adapter="/api"></iamport-certify-button><smartbill-signup-form adapter="/api"></smartbill-signup-form></body></html>`,
      }),
    );
    await serveDist(page, fetched);
    try {
      await page.goto(`${PAGE}/orders/new`);
      const label = await page.waitForFunction(() =>
        document.querySelector('iamport-certify-button')?.shadowRoot?.querySelector('button')?.textContent?.trim(),
      );
      assert.equal(await label.jsonValue(), 'Verify with mobile phone');
      const invalid = await page.evaluate(async () => {
        type Form = HTMLElement & { prefill: object; updateComplete: Promise<unknown> };
        const el = document.querySelector('smartbill-signup-form') as Form;
        el.prefill = { pComRegNo: '1208147521', pZipCode: '0623' };
        await el.updateComplete;
        el.shadowRoot!.querySelector('form')!.requestSubmit();
        for (let i = 0; i < 50 && !el.shadowRoot!.querySelector('[aria-invalid="true"]'); i++) await new Promise((r) => setTimeout(r, 100));
        return [...el.shadowRoot!.querySelectorAll('[aria-invalid="true"]')].map((i) => i.id);
      });
      assert.ok(invalid.includes('pZipCode'), `the zip code is reported invalid (got ${invalid.join(', ')})`);
      assert.ok(!invalid.includes('pComRegNo'), 'a valid business number passes');
      const chunks = fetched.filter((p) => p.startsWith('/static/erp/chunks/'));
      assert.ok(
        chunks.some((p) => /messages\.en|i18n\.en/.test(p)),
        `English text came from the script's folder (${fetched.join(', ')})`,
      );
      assert.ok(
        chunks.some((p) => /schema/.test(p)),
        `validation came from the script's folder (${fetched.join(', ')})`,
      );
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  it("runs PortOne V2's flow from its chunk, fetched from the script's folder, with the bundle's own request and text", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const fetched: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${PAGE}/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/api/iamport/v2/identity-verifications') {
        return route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({ identityVerificationId: 'iv-classic-1', storeId: 'store-x' }),
        });
      }
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><script src="${CDN}/static/erp/erp-widgets.iife.js"></script></head>
          <body><iamport-certify-button adapter="/api" store-id="store-x" channel-key="channel-x" sdk-src="${CDN}/portone.js"></iamport-certify-button></body></html>`,
      });
    });
    // A stand-in for PortOne's SDK: records the request and answers as PortOne does when the person cancels.
    await serveDist(page, fetched, {
      '/portone.js': `window.PortOne = { requestIdentityVerification: async (r) => { window.__portoneRequest = r;
        return { transactionType: 'IDENTITY_VERIFICATION', identityVerificationId: r.identityVerificationId, identityVerificationTxId: 'tx-1',
          code: 'FAILURE_TYPE_PG', message: '사용자가 본인인증을 취소하였습니다.' }; } };`,
    });
    try {
      await page.goto(`${PAGE}/orders/new`);
      const button = page.locator('iamport-certify-button').locator('button');
      await button.click();
      const notice = page.locator('iamport-certify-button').locator('[part=notice]');
      await notice.waitFor({ timeout: 10_000 });
      assert.equal((await notice.textContent())?.trim(), 'Verification cancelled. Press the button to try again.');
      const request =
        (await page.evaluate(() => (window as unknown as { __portoneRequest?: Record<string, unknown> }).__portoneRequest)) ?? {};
      assert.deepEqual(
        [request.storeId, request.channelKey, request.identityVerificationId],
        ['store-x', 'channel-x', 'iv-classic-1'],
        'the flow asked PortOne with the id the adapter minted',
      );
      assert.ok(
        fetched.some((p) => /^\/static\/erp\/chunks\/portone-v2-[\w-]+\.js$/.test(p)),
        `the V2 flow came from the script's folder (${fetched.join(', ')})`,
      );
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
