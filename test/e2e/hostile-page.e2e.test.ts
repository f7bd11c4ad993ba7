import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { elementEntries } from '../../vite.config.ts';
import { launchChromium } from '../helpers/e2e.ts';

const DIST = join(import.meta.dirname, '../../dist');
const ORIGIN = 'https://erp.example';
const TAGS = Object.keys(elementEntries).filter((n) => n !== 'erp-widgets');

/**
 * Every script-tag bundle on an old ERP page whose scripts added enumerable
 * properties to Object.prototype and Array.prototype (Prototype.js era).
 * The dist files are served as they are built (npm run build), lazy chunks included.
 */
const POLLUTE = `<script>
  Object.prototype.extend = function () { return this; };
  Object.prototype.toJSONString = function () { return ''; };
  Array.prototype.each = function (fn) { for (var i = 0; i < this.length; i++) fn(this[i]); };
  Array.prototype.remove = function () {};
</script>`;

/** Each bundle, how a page loads it, and the tags it defines. */
const bundles: { name: string; script: string; tags: string[] }[] = [
  { name: 'erp-widgets.iife.js (classic)', script: `<script src="/dist/erp-widgets.iife.js"></script>`, tags: TAGS },
  ...Object.keys(elementEntries).map((name) => ({
    name: `${name}.js (ES module)`,
    script: `<script type="module" src="/dist/${name}.js"></script>`,
    tags: name === 'erp-widgets' ? TAGS : [name],
  })),
];

describe('bundles on a page with a polluted Object.prototype and Array.prototype', () => {
  let browser: Browser;
  before(async () => {
    assert.ok(existsSync(join(DIST, 'erp-widgets.iife.js')), 'dist/ is built (npm run build)');
    browser = await launchChromium();
  });
  after(() => browser?.close());

  async function open(script: string, body: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') {
        return route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><html lang="ko"><head>${POLLUTE}${script}</head><body>${body}</body></html>`,
        });
      }
      if (path.startsWith('/api/'))
        return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"x"}}' });
      const file = normalize(join(DIST, path.replace(/^\/dist\//, '')));
      if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: readFileSync(file) });
    });
    await page.goto(`${ORIGIN}/`);
    return { page, errors };
  }

  for (const b of bundles) {
    it(`${b.name}: defines and renders its elements, in Korean and English`, async () => {
      const body = b.tags.map((t) => `<${t} adapter="/api"></${t}><${t} adapter="/api" lang="en"></${t}>`).join('');
      const { page, errors } = await open(b.script, body);
      try {
        for (const tag of b.tags) {
          await page.waitForFunction((t) => customElements.get(t), tag, { timeout: 5000 });
          const texts = await page.waitForFunction(
            (t) => {
              const els = [...document.querySelectorAll(t)];
              const txt = els.map((e) => e.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
              return txt.every(Boolean) && txt;
            },
            tag,
            { timeout: 5000 },
          );
          const [ko, en] = (await texts.jsonValue()) as string[];
          assert.match(ko!, /[가-힣]/, `${tag} renders Korean`);
          assert.doesNotMatch(en!, /[가-힣]{2}/, `${tag} renders English`);
        }
        if (b.tags.includes('smartbill-signup-form')) {
          // Validation runs on the polluted page too: a bad field is reported alone, and a valid form
          // gets past validation (to the popup, which this page blocks).
          const outcome = await page.evaluate(async () => {
            type Form = HTMLElement & { prefill: object; updateComplete: Promise<unknown> };
            const el = document.querySelector('smartbill-signup-form') as Form;
            window.open = () => null;
            const codes: string[] = [];
            let invalid: string[] = [];
            el.addEventListener('smartbill-signup-error', (e) => codes.push((e as CustomEvent<{ code: string }>).detail.code));
            // (a loop, not a helper function: tsx would wrap a named function in a helper the page lacks)
            for (const zip of ['0623', '06236']) {
              el.prefill = {
                ...{ pComRegNo: '1208147521', pComName: '회사', pComPresident: '홍길동', pComBizStatus: '서비스', pComBizClass: 'SW' },
                ...{ pZipCode: zip, pComAddress: '서울', pMIGRATIONFLAG: 'T1', pMemName: '김', pMemTel: '02-1111-1111' },
                ...{ pMemEmail: 'a@example.com', pMasterYN: 'Y', pID: 'u1' },
              };
              await el.updateComplete;
              el.shadowRoot!.querySelector('form')!.requestSubmit();
              await new Promise((r) => setTimeout(r, 200));
              await el.updateComplete;
              if (!codes.length) invalid = [...el.shadowRoot!.querySelectorAll('[aria-invalid="true"]')].map((i) => i.id);
            }
            return { invalid, codes };
          });
          assert.deepEqual(outcome, { invalid: ['pZipCode'], codes: ['popup_blocked'] });
        }
        assert.deepEqual(errors, [], 'no page errors');
      } finally {
        await page.close();
      }
    });
  }
});
