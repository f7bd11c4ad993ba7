import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Debian's WebKitGTK pieces (scripts/ensure-engines.mjs installs them): the driver and its MiniBrowser. */
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

/** A W3C WebDriver error, with the driver's own message. */
export class WebDriverError extends Error {}

/**
 * WebKit (Safari's engine) through WebKitGTK's WebDriver, over plain W3C WebDriver (no BiDi): a session drives one
 * MiniBrowser under Xvfb. Every call is bounded; the console does not reach the driver, so pages report through the DOM.
 */
export class WebKitSession {
  private constructor(
    private readonly driver: ChildProcess,
    private base: string,
  ) {}

  static async start(): Promise<WebKitSession> {
    for (const [path, what] of [
      [WEBKIT_DRIVER, 'WebKitWebDriver'],
      [MINIBROWSER, 'MiniBrowser'],
    ] as const) {
      if (!existsSync(path)) throw new Error(`${what} is missing at ${path}: run "npm test" (it installs Debian's webkit2gtk-driver)`);
    }
    if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status !== 0)
      throw new Error('xvfb-run is missing: run "npm test" (it installs Debian\'s xvfb)');
    const port = await freePort();
    const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], { stdio: 'ignore', detached: true });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) {
        killGroup(driver);
        throw new Error(`WebKitWebDriver did not answer on port ${port} within 20 s`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const session = new WebKitSession(driver, base);
    const created = await session.call<{ sessionId: string }>('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    session.base = `${base}/session/${created.sessionId}`;
    return session;
  }

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = (await res.json()) as { value: T & { error?: string; message?: string } };
    if (!res.ok) throw new WebDriverError(`${method} ${path}: ${json.value?.error} ${json.value?.message ?? ''}`);
    return json.value;
  }

  goto(url: string) {
    return this.call('POST', '/url', { url });
  }

  /** Runs `body` (a function body; `arguments` are `args`) in the current window; async bodies may return a promise. */
  run<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve((async () => { ${body} })(...arguments)).then(done, (e) => done({ __error: String(e && e.stack || e) }));`,
      args,
    }).then((v) => {
      if (v && typeof v === 'object' && '__error' in v) throw new WebDriverError(String((v as { __error: string }).__error));
      return v;
    });
  }

  /** Waits until `body` returns a truthy value (polled in the page), or fails naming `what`. */
  async waitFor<T>(what: string, body: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.run<T>(body);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`WebKit: waited ${timeoutMs} ms for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** A real click (WebDriver actions, so the page gets a user activation) on an element found by `body`. */
  async click(body: string) {
    const ref = await this.call<Record<string, string>>('POST', '/execute/sync', { script: body, args: [] });
    if (!ref) throw new WebDriverError(`nothing to click: ${body}`);
    await this.call('POST', `/element/${Object.values(ref)[0]}/click`, {});
  }

  windows() {
    return this.call<string[]>('GET', '/window/handles');
  }
  current() {
    return this.call<string>('GET', '/window');
  }
  switchTo(handle: string) {
    return this.call('POST', '/window', { handle });
  }

  async close() {
    await this.call('DELETE', '', undefined, 10_000).catch(() => undefined);
    killGroup(this.driver);
  }
}

function killGroup(child: ChildProcess) {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
