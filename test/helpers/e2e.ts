import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
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
