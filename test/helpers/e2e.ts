import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AdapterConfigInput } from '../../src/server.ts';
import { type RunningServer, startServer } from '../../src/server.ts';

const ROOT = join(import.meta.dirname, '../..');

/**
 * The demo exactly as `npm start` serves it (sandbox adapter under /api, demo
 * at /demo/, bundle at /dist/), on a free loopback port with its own database.
 * Needs `npm run build` (scripts/test.mjs builds first).
 */
export async function startDemo(config: AdapterConfigInput = {}): Promise<RunningServer & { logs: string[] }> {
  mkdirSync(join(ROOT, '.test-tmp'), { recursive: true });
  const dbPath = join(ROOT, '.test-tmp', `e2e-${randomUUID()}.db`);
  const logs: string[] = [];
  const running = await startServer(
    { sandbox: true, basePath: '/api', store: { sqlite: dbPath }, ...config },
    { port: 0, demo: { root: ROOT } },
    { logSink: (l) => logs.push(l) },
  );
  return {
    ...running,
    logs,
    async close() {
      await running.close();
      for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
    },
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface LaunchOptions {
  /**
   * Chromium's real popup blocker (Playwright turns it off by default). It blocks a window opened without a
   * user activation; a click's activation lasts 5 s, and every Playwright call into the page grants a new one.
   */
  popupBlocker?: boolean;
}

/** Debian's Chromium, headless, with the flags this machine needs (see TOOLCHAIN.md). */
export async function launchChromium({ popupBlocker = false }: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "npm test" (it installs Debian's chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(popupBlocker ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Registers before/after hooks that start the demo and Chromium for the
 * current suite (or file) and close them; read `.demo` and `.browser` in tests.
 */
export function useDemoInChromium(config: AdapterConfigInput = {}, launch: LaunchOptions = {}) {
  const ctx = {} as { demo: Awaited<ReturnType<typeof startDemo>>; browser: Browser };
  before(async () => {
    ctx.demo = await startDemo(config);
    ctx.browser = await launchChromium(launch);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.demo?.close();
  });
  return ctx;
}

export interface ScannedResponse {
  /** `METHOD /path` (no query), e.g. `POST /api/ecount/connect`. */
  route: string;
  status: number;
  /** Headers and body as one text (a redirect has no body: its headers alone). */
  text: string;
}

/**
 * Records what the page receives from every URL `select` picks: headers and body, for leak scans.
 * `settled(routes)` waits for every response still being read, then checks that something was recorded
 * and that each of `routes` was (with its body when it has one), so a scan cannot pass by scanning nothing.
 */
export function recordResponses(page: Page, select: (url: URL) => boolean) {
  const recorded: ScannedResponse[] = [];
  const reading = new Set<Promise<void>>();
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (!select(url)) return;
    const read = (async () => {
      const redirect = r.status() >= 300 && r.status() < 400;
      const headers = JSON.stringify(await r.allHeaders());
      // A body that cannot be read (other than a redirect's) fails the scan instead of going unscanned.
      const body = redirect ? '' : await r.text();
      recorded.push({ route: `${r.request().method()} ${url.pathname}`, status: r.status(), text: `${headers}\n${body}` });
    })();
    reading.add(read);
    void read.catch(() => undefined).finally(() => reading.delete(read));
  });
  return {
    async settled(routes: readonly string[]): Promise<ScannedResponse[]> {
      // Every response received so far (the demo keeps polling; later ones are not waited for).
      await Promise.all([...reading]);
      assert.ok(recorded.length > 0, 'the leak scan recorded no response');
      const seen = new Set(recorded.map((r) => r.route));
      for (const route of routes) assert.ok(seen.has(route), `the leak scan saw ${route} (saw: ${[...seen].join(', ')})`);
      return recorded;
    },
  };
}
