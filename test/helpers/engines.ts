import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { WebKitSession } from './webkit.ts';

/**
 * One way to drive Firefox (puppeteer-core over WebDriver BiDi) and WebKit (plain W3C WebDriver), so the
 * cross-engine flows are written once. Pages report through the DOM (WebKit's console does not reach the driver).
 */
export interface Driver {
  readonly name: string;
  goto(url: string): Promise<void>;
  /** Runs an async function body in the current window; `arguments` are `args`. */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  /** Polls `body` in the page until it returns something truthy; fails naming `what` after `timeoutMs`. */
  waitFor<T>(what: string, body: string, timeoutMs?: number): Promise<T>;
  /** A real click (with the user activation a person's click gives) on the element `body` returns. */
  click(body: string): Promise<void>;
  windowCount(): Promise<number>;
  /** Drives the window opened last, or the first one again. */
  useNewestWindow(): Promise<void>;
  useFirstWindow(): Promise<void>;
  close(): Promise<void>;
}

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export async function launchFirefox(): Promise<Driver> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    // The real popup blocker stays on (Firefox's default): a window opened without a user activation is refused.
    extraPrefsFirefox: { 'dom.disable_open_during_load': true, 'browser.shell.checkDefaultBrowser': false },
    timeout: 60_000,
  });
  const first = (await browser.pages())[0] ?? (await browser.newPage());
  let page: Page = first;
  // A DOM node does not serialize over BiDi: it comes back as `true` (WebDriver's element reference is truthy too).
  const run = async <T>(body: string, ...args: unknown[]): Promise<T> =>
    (await page.evaluate(`(async function () { ${body} })(...${JSON.stringify(args)}).then((v) => (v instanceof Node ? true : v))`)) as T;
  return {
    name: 'Firefox',
    async goto(url) {
      await page.goto(url, { timeout: 30_000, waitUntil: 'domcontentloaded' });
    },
    run,
    async waitFor<T>(what: string, body: string, timeoutMs = 15_000) {
      return poll<T>(what, () => run<T>(body), timeoutMs, 'Firefox');
    },
    async click(body) {
      const handle = await page.evaluateHandle(`(function () { ${body} })()`);
      const el = handle.asElement();
      if (!el) throw new Error(`Firefox: nothing to click: ${body}`);
      await (el as import('puppeteer-core').ElementHandle<Element>).click();
    },
    async windowCount() {
      return (await browser.pages()).length;
    },
    async useNewestWindow() {
      page = (await browser.pages()).at(-1)!;
    },
    async useFirstWindow() {
      page = first;
    },
    async close() {
      await browser.close();
    },
  };
}

export async function launchWebKit(): Promise<Driver> {
  const s = await WebKitSession.start();
  const main = await s.current();
  return {
    name: 'WebKit',
    goto: (url) => s.goto(url).then(() => undefined),
    run: (body, ...args) => s.run(body, ...args),
    waitFor: (what, body, timeoutMs) => s.waitFor(what, body, timeoutMs),
    click: (body) => s.click(body),
    windowCount: async () => (await s.windows()).length,
    async useNewestWindow() {
      const other = (await s.windows()).filter((h) => h !== main).at(-1);
      if (!other) throw new Error('WebKit: no other window is open');
      await s.switchTo(other);
    },
    useFirstWindow: () => s.switchTo(main).then(() => undefined),
    close: () => s.close(),
  };
}

async function poll<T>(what: string, read: () => Promise<T>, timeoutMs: number, engine: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read().catch(() => undefined); // a page between loads
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${engine}: waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * A pass-through proxy in front of the demo that holds the answers whose path matches `slow` for `delayMs`: a slow
 * network for one file (WebKit has no request interception over WebDriver).
 */
export async function slowProxy(targetUrl: string, slow: RegExp, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const server: Server = createServer((req, res) => {
    setTimeout(
      () => {
        const up = httpRequest(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        req.pipe(up);
      },
      slow.test(req.url ?? '') ? delayMs : 0,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
