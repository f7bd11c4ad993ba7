// What the consumer-app tests share: the installed app (scripts/consumers.ts), the sandbox adapter,
// a static server for a built app that passes /api/* to the adapter (same origin, as a reverse
// proxy would), and the Iamport verification driven in Chromium through the fake popup.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startDemo } from '../helpers/e2e.ts';
import { cleanEnv, exec, PACKS, packStamp, ROOT, WORK } from '../../scripts/consumers.ts';

export { cleanEnv, exec } from '../../scripts/consumers.ts';

export const TAGS = ['iamport-certify-button', 'smartbill-signup-form', 'smartbill-invoice-list', 'benecafe-gate', 'ecount-connect'];
/** Builds are slow on a shared 2-core machine; none should come near this. */
export const BUILD_TIMEOUT_MS = 4 * 60_000;
const WAIT_MS = 15_000;

const INSTALL_HINT = 'run "npm run build" then "node --import tsx scripts/consumers.ts"';

/** A tarball in test/consumers/apps/.packs, packed after the last `npm run build` (which writes the manifest last). */
export function packedTarball(name: 'erp-widgets' | 'erp-widgets-react'): string {
  const file = join(PACKS, `${name}.tgz`);
  assert.ok(existsSync(file), `${file} is missing: ${INSTALL_HINT}`);
  const built = statSync(join(ROOT, 'packages/elements/custom-elements.json')).mtimeMs;
  assert.ok(statSync(file).mtimeMs >= built, `${file} is older than the last build: ${INSTALL_HINT}`);
  return file;
}

/** The app's folder, installed from the current tarballs (else a message saying how to install it). */
export function installedApp(name: string): string {
  packedTarball('erp-widgets');
  const dir = join(WORK, name);
  const stamp = join(dir, '.installed-from');
  assert.ok(existsSync(stamp), `${name} is not installed: ${INSTALL_HINT}`);
  assert.equal(readFileSync(stamp, 'utf8'), packStamp(), `${name} was installed from older tarballs: ${INSTALL_HINT}`);
  return dir;
}

/** The sandbox adapter under /api (the demo's, see test/helpers/e2e.ts); pages on `origins` may call it. */
export async function startAdapter(origins: string[] = []) {
  const running = await startDemo({ allowedOrigins: origins });
  return { url: running.url, close: () => bounded(running.close(), 15_000, 'the sandbox adapter did not close') };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves a built app's folder (index.html for unknown paths) and passes /api/* to the adapter, Host kept. */
export async function serveBuiltApp(root: string, adapterUrl: () => string) {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/')) {
      const target = new URL(url.pathname + url.search, adapterUrl());
      const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      bounded(
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
        5_000,
        'the static server did not close',
      ),
  };
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export function bounded<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A page that records uncaught errors and console errors (a missing favicon aside). */
export async function openApp(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon/.test(msg.location().url)) errors.push(`console.error: ${msg.text()}`);
  });
  await page.goto(url, { timeout: WAIT_MS });
  return { page, errors };
}

/** Which of the five tags the page has defined, once all are (an app may load its code after `load`) or after a wait. */
export async function definedTags(page: Page): Promise<string[]> {
  await page.waitForFunction((tags) => tags.every((t) => customElements.get(t)), TAGS, { timeout: WAIT_MS }).catch(() => undefined);
  return page.evaluate((tags) => tags.filter((t) => customElements.get(t)), TAGS);
}

/**
 * Verifies a person with the `iamport-certify-button` matched by `button`, through the sandbox's
 * fake popup (as test/e2e/iamport.e2e.test.ts), and returns the text the app's own event handler
 * wrote into `output`.
 */
export async function verifyWithIamport(page: Page, button: string, output: string): Promise<string> {
  const name = '김민수';
  const [popup] = await Promise.all([
    page.waitForEvent('popup', { timeout: WAIT_MS }),
    page.locator(`${button} button`).click({ timeout: WAIT_MS }),
  ]);
  await popup.waitForLoadState('load', { timeout: WAIT_MS });
  await popup.fill('#name', name, { timeout: WAIT_MS });
  await popup.getByRole('button', { name: /인증 성공/ }).click({ timeout: WAIT_MS });
  try {
    await page.locator(output).filter({ hasText: name }).waitFor({ timeout: WAIT_MS });
  } catch (err) {
    const shown = await page
      .locator('#error')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`${output} never showed the verified name (#error: ${shown || 'empty'})`, { cause: err });
  }
  return (await page.locator(output).textContent()) ?? '';
}

/** A free loopback port (for a server that must be told its port before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts a long-running command and resolves once its output matches `ready`; `stop()` ends its process group. */
export async function startProcess(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; ready: RegExp; timeoutMs: number },
) {
  const child = spawn(cmd, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await bounded(
    new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (options.ready.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`${cmd} ${args.join(' ')} exited before it was ready:\n${output}`)));
    }),
    options.timeoutMs,
    `${cmd} ${args.join(' ')} did not print ${options.ready}`,
  ).catch((err: Error) => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw err;
  });
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      await bounded(exited, 10_000, `${cmd} did not stop after SIGTERM`).catch((err: Error) => {
        process.kill(-child.pid!, 'SIGKILL');
        throw err;
      });
    },
  };
}

/** Registers before/after hooks: the app's folder, the sandbox adapter, Chromium; `site` is the served build. */
export function useConsumerApp(app: string, origins: () => string[] = () => []) {
  const ctx = {} as {
    dir: string;
    adapter: Awaited<ReturnType<typeof startAdapter>>;
    browser: Browser;
    site?: { url: string; close(): Promise<void> };
  };
  before(async () => {
    ctx.dir = installedApp(app);
    ctx.adapter = await startAdapter(origins());
    ctx.browser = await launchChromium();
  });
  after(async () => {
    await ctx.site?.close();
    await ctx.browser?.close();
    await ctx.adapter?.close();
  });
  return ctx;
}

/** The served build, or a failure that points at the build test. */
export function siteOf(ctx: ReturnType<typeof useConsumerApp>): string {
  assert.ok(ctx.site, 'the app was not built and served (see the build test)');
  return ctx.site.url;
}

/** The tests every built app gets: all five tags defined, and each verification reaching the app's handler. */
export function builtAppChecks(ctx: ReturnType<typeof useConsumerApp>, verifications: { how: string; button: string; output: string }[]) {
  it('defines all five tags in the production build', { timeout: 30_000 }, async () => {
    const { page, errors } = await openApp(ctx.browser, siteOf(ctx));
    assert.deepEqual(await definedTags(page), TAGS);
    assert.deepEqual(errors, []);
    await page.close();
  });
  for (const { how, button, output } of verifications) {
    it(`an Iamport verification against the sandbox reaches the app's handler (${how})`, { timeout: 60_000 }, async () => {
      const { page, errors } = await openApp(ctx.browser, siteOf(ctx));
      assert.equal(await verifyWithIamport(page, button, output), '김민수');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

/** Builds a static app with `npm run build` (its type check included) and serves `dist/`; returns the build's output. */
export async function buildAndServe(ctx: ReturnType<typeof useConsumerApp>): Promise<string> {
  const output = await exec('npm', ['run', 'build'], { cwd: ctx.dir, timeoutMs: BUILD_TIMEOUT_MS });
  assert.doesNotMatch(output, /error TS\d+/);
  ctx.site = await serveBuiltApp(join(ctx.dir, 'dist'), () => ctx.adapter.url);
  return output;
}
