import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SMARTBILL_PAGES } from '../../src/smartbill/shared/schema.ts';
import { useDemoInChromium } from '../helpers/e2e.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMO_PAGES = readdirSync(join(import.meta.dirname, '../../demo')).filter((f) => f.endsWith('.html'));
const WIDTHS = [1280, 390];

interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: unknown[] }[];
}

/** axe-core over the whole page (it pierces open shadow roots); returns "id (impact): targets" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(
    async () =>
      (await (window as unknown as { axe: { run(d: Document): Promise<{ violations: unknown[] }> } }).axe.run(document)).violations,
  );
  return (violations as AxeViolation[]).map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Console errors and failed (4xx/5xx) requests of a page, collected from its first request on. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/api/benecafe/session')) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

describe('demo quality: axe, layout at phone width, console, language', () => {
  const env = useDemoInChromium();

  for (const width of WIDTHS) {
    for (const file of DEMO_PAGES) {
      it(`${file} at ${width} px: no axe violation, no console error, no 404, no horizontal scroll`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        const problems = watchProblems(page);
        await page.goto(`${env.demo.url}/demo/${file}`);
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await axeViolations(page), []);
        // A long, unbroken event line (JSON details have few spaces) must wrap instead of widening the page.
        await page.evaluate(() => {
          const detail = { code: 'x'.repeat(300), message: 'y'.repeat(300) };
          for (const type of ['iamport-certify-error', 'smartbill-signup-error', 'benecafe-gate-error']) {
            document.body.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
          }
        });
        // Hangul breaks between words on the page too (the elements do it inside their shadow roots).
        const breaks = await page.evaluate(() => [getComputedStyle(document.body).wordBreak, getComputedStyle(document.body).overflowWrap]);
        assert.deepEqual(breaks, ['keep-all', 'anywhere']);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide at a ${width} px viewport`);
        // A long log (webhook deliveries fill it) scrolls: it must still pass axe (a scrollable region takes focus).
        const scrolls = await page.evaluate(() => {
          const log = document.querySelector('#log');
          log?.append('event line\n'.repeat(80));
          return !!log && log.scrollHeight > log.clientHeight;
        });
        assert.ok(scrolls, 'the filled log scrolls');
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(problems, []);
        await context.close();
      });
    }
  }

  const providerPages = [
    '/api/sandbox/iamport/certify?merchant_code=imp00000000&merchant_uid=demo-1&pg=danal&popup=1',
    '/api/sandbox/benecafe/mall',
    `/api/sandbox/smartbill${SMARTBILL_PAGES.authCode}`,
  ];
  for (const width of WIDTHS) {
    for (const path of providerPages) {
      it(`fake provider page ${path.split('?')[0]} at ${width} px: no axe violation, no 404`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        const problems = watchProblems(page);
        const response = await page.goto(`${env.demo.url}${path}`);
        assert.equal(response?.status(), 200);
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(problems, []);
        await context.close();
      });
    }
  }

  it("the gate's error page (a visitor the welfare mall did not send) has landmarks and passes axe", async () => {
    const page = await env.browser.newPage();
    // The mall posts a form; a form without its fields (here: none) is refused with a page, not JSON.
    const refused = await page.request.post(`${env.demo.url}/api/benecafe/gate`, {
      headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
      data: 'x=1',
    });
    assert.ok(refused.status() >= 400, `refused: ${refused.status()}`);
    await page.setContent(await refused.text());
    assert.equal(await page.locator('main h1').count(), 1);
    assert.equal(await page.locator('nav a').count(), 1);
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });

  it("a page's event log shows only its own providers' webhooks, not the previous page's", async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.demo.url}/demo/`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('iamport-certify-button button').click()]);
    await popup.getByRole('button', { name: /인증 성공/ }).click();
    await page.locator('#log [data-event="webhook"]', { hasText: 'iamport.certification.verified' }).waitFor({ timeout: 15_000 });
    // The next page polls the same demo receiver, which still holds that delivery.
    const polled = page.waitForResponse((r) => r.url().includes('/api/sandbox/webhooks?after=0'));
    await page.goto(`${env.demo.url}/demo/smartbill.html`);
    const received = ((await (await polled).json()) as { received: { type: string }[] }).received.map((w) => w.type);
    assert.ok(received.includes('iamport.certification.verified'), `the receiver holds it: ${received.join(', ')}`);
    // Its next poll starts only once this answer has been handled (and logged, had it been this page's).
    await page.waitForRequest((r) => /\/api\/sandbox\/webhooks\?after=[1-9]/.test(r.url()), { timeout: 10_000 });
    assert.equal(await page.locator('#log [data-event="webhook"]').count(), 0);
    await page.close();
  });

  it('the English demo is English from the first event on (language restored before the elements render)', async () => {
    const context = await env.browser.newContext();
    await context.addInitScript(() => localStorage.setItem('erp-widgets-demo-lang', 'en'));
    const page = await context.newPage();
    await page.goto(`${env.demo.url}/demo/benecafe.html`);
    const first = page.locator('#log > div').last();
    await first.waitFor({ timeout: 10_000 });
    const text = (await first.textContent()) ?? '';
    assert.doesNotMatch(text, /[가-힣]/, `first event is not English: ${text}`);
    await context.close();
  });
});
