import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/e2e.ts';

const DIST = join(import.meta.dirname, '../../dist');
const PAGE = 'https://erp.example';

/**
 * Elements that read on their own (the Ecount status, the invoice list) upgrade as soon as the bundle runs, but the
 * page gives them their token in its own module script, which a slow network may deliver seconds later. Their first
 * request must carry that token, not go out without one (a 401 and a token_missing error on every slow load).
 */
describe('a page token set by a page script that loads after the bundle', () => {
  let browser: Browser;
  before(async () => {
    assert.ok(existsSync(join(DIST, 'erp-widgets.js')), 'dist/ is built (npm run build)');
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('is on the first request of <ecount-connect> and <smartbill-invoice-list>', async () => {
    const page = await browser.newPage();
    const seen: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${PAGE}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/') {
        return route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><html lang="ko"><head>
            <script type="module" src="/dist/erp-widgets.js"></script>
            <script type="module" src="/late-token.js"></script></head>
            <body><ecount-connect adapter="/api"></ecount-connect><smartbill-invoice-list adapter="/api"></smartbill-invoice-list></body></html>`,
        });
      }
      if (url.pathname === '/late-token.js') {
        await new Promise((r) => setTimeout(r, 1500)); // the page's own script arrives late
        return route.fulfill({
          contentType: 'text/javascript',
          body: `for (const el of document.querySelectorAll('ecount-connect, smartbill-invoice-list')) el.token = 'page-token-1';`,
        });
      }
      if (url.pathname.startsWith('/api/')) {
        seen.push(`${url.pathname} ${route.request().headers()['authorization'] ?? '(none)'}`);
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"not_configured","message":"x"}}' });
      }
      const file = join(DIST, url.pathname.replace(/^\/dist\//, ''));
      if (!url.pathname.startsWith('/dist/') || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: readFileSync(file) });
    });
    try {
      await page.goto(`${PAGE}/`);
      await page.waitForFunction(() => document.readyState === 'complete');
      for (let i = 0; i < 50 && !(seen.some((s) => s.startsWith('/api/ecount/')) && seen.some((s) => s.includes('/invoices'))); i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        seen.some((s) => s.startsWith('/api/ecount/status')),
        `ecount-connect read its status (${seen.join('; ')})`,
      );
      assert.ok(
        seen.some((s) => s.startsWith('/api/smartbill/invoices')),
        `the invoice list loaded (${seen.join('; ')})`,
      );
      for (const s of seen) assert.match(s, /Bearer page-token-1$/, `every request carries the page token: ${s}`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
