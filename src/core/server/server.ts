import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { type Adapter, type AdapterDeps, createAdapter } from './app.ts';
import { type AdapterConfig, type AdapterConfigInput, ConfigError, parseConfig } from './config.ts';
import { startMetricsListener } from './ops/metrics-listener.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';

/** How long `close()` lets sockets accepted just before it deliver their request before idle ones are closed. */
const SETTLE_ACCEPTED_MS = 200;

/** `AdapterDeps`, plus where the sandbox's fakes come from when `config.sandbox` is on and `deps.sandbox` is not given. */
export interface ServerDeps extends AdapterDeps {
  /** Loads `createSandbox` only when asked for (the fakes and msw stay out of production). */
  loadSandbox?: () => Promise<(config: AdapterConfig) => Sandbox>;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Also serve the demo page at `/` and the built bundle at `/dist/` (needs `npm run build`). */
  demo?: { root: string };
  /** Slow-client limits: all headers within `headersMs` (≤ 10 s), the whole request within `requestMs` (≤ 30 s). */
  timeouts?: { headersMs?: number; requestMs?: number };
}

export interface RunningServer {
  adapter: Adapter;
  server: ServerType;
  url: string;
  /** `http://host:port/metrics` when `metrics.listen` serves metrics on an address of their own. */
  metricsUrl?: string;
  /**
   * Ends long-polls, closes idle keep-alive sockets and the store; open requests get `closeGraceMs` (default 3 s).
   * With `drainMs`, first drains that long: `/ready` answers 503 while requests are still served (a SIGTERM's shutdown).
   */
  close(options?: { closeGraceMs?: number; drainMs?: number }): Promise<void>;
}

/** Vite's hashed chunk names (`name-AbCd1234.js`): their content never changes, so they may be cached for a year. */
const HASHED = /-[A-Za-z0-9_-]{8}\.(js|css|map)$/;

/** The bundle for other origins' pages: module scripts need CORS; hashed chunks are immutable. */
function distFiles(root: string): MiddlewareHandler {
  const files = serveStatic({ root });
  return async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', HASHED.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    return files(c, next);
  };
}

/** Listens, or rejects with one clear line when the port is taken (nothing else has been opened yet). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((ok, fail) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        fail(new ConfigError(`port ${port} on ${host} is already in use: stop the other process or choose another --port`));
      else if (err.code === 'EACCES') fail(new ConfigError(`port ${port} on ${host} needs more privileges: choose a port above 1023`));
      else fail(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      ok();
    });
  });
}

/** Starts the adapter on Node's http server; used by the CLI, the demo and the tests. */
export async function startServer(
  config: AdapterConfigInput | AdapterConfig,
  options: ServerOptions,
  deps: ServerDeps,
): Promise<RunningServer> {
  // Order matters: a bad config or a taken port must fail before the database is opened or migrated.
  const parsed = parseConfig(config, deps.providers);
  // The fakes (and msw) load only when asked for, through their own entry.
  const sandbox = parsed.sandbox ? (deps.sandbox ?? (await deps.loadSandbox?.())) : undefined;
  const root = new Hono();
  let adapter: Adapter | undefined;
  if (options.demo) {
    const dir = options.demo.root;
    if (!existsSync(resolve(dir, 'dist/erp-widgets.js'))) {
      throw new Error(`the demo needs the built bundle: run "npm run build" first (${resolve(dir, 'dist')} is missing)`);
    }
    root.get('/', (c) => c.redirect('/demo/'));
    // The fake provider pages have no <link rel=icon>: answer the browser's default request instead of a 404.
    root.get('/favicon.ico', serveStatic({ root: dir, path: 'demo/favicon.svg' }));
    root.use('/demo/*', serveStatic({ root: dir }));
    root.use('/dist/*', distFiles(dir));
  }
  root.all('*', (c) => adapter!.fetch(c.req.raw, c.env));

  const server = createAdaptorServer({
    // Without the demo's files the root app only forwards: the adapter answers directly (one router less per request).
    fetch: options.demo ? root.fetch : (request, env) => adapter!.fetch(request, env),
    serverOptions: {
      headersTimeout: options.timeouts?.headersMs ?? 10_000,
      requestTimeout: options.timeouts?.requestMs ?? 30_000,
      // How often Node checks those two; its default (30 s) would let a slow client overstay by that much.
      connectionsCheckingInterval: Math.min(1_000, options.timeouts?.headersMs ?? 1_000),
    },
  }) as Server;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 8787, host);
  try {
    adapter = createAdapter(parsed, { ...deps, sandbox });
    await adapter.ready;
  } catch (err) {
    server.close();
    throw err;
  }
  let metricsServer: Awaited<ReturnType<typeof startMetricsListener>> | undefined;
  if (parsed.metrics?.listen) {
    try {
      metricsServer = await startMetricsListener(adapter.metrics, parsed.metrics);
    } catch (err) {
      server.close();
      await adapter.close();
      throw err;
    }
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shown = host !== '0.0.0.0' && host !== '127.0.0.1' ? host : 'localhost';
  const running = adapter;
  return {
    adapter: running,
    server,
    url: `http://${shown}:${port}`,
    metricsUrl: metricsServer?.url,
    async close({ closeGraceMs = 3_000, drainMs = 0 } = {}) {
      if (drainMs > 0) {
        running.drain();
        await new Promise((r) => setTimeout(r, drainMs));
      }
      // Long-polls answer now; keep-alive sockets close as soon as they are idle; stragglers are cut after the grace.
      running.stopLongPolls();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // Node counts a socket it just accepted as idle until it has parsed the request already sent on it: a proxy's
      // POST there would be cut (and not retried). Once no more are accepted, let those requests be read first.
      let idle: ReturnType<typeof setInterval> | undefined;
      const settle = setTimeout(() => {
        server.closeIdleConnections();
        idle = setInterval(() => server.closeIdleConnections(), 50);
      }, SETTLE_ACCEPTED_MS);
      const cut = setTimeout(() => server.closeAllConnections(), closeGraceMs);
      try {
        await closed;
      } finally {
        clearTimeout(settle);
        clearInterval(idle);
        clearTimeout(cut);
      }
      await metricsServer?.close();
      await running.close();
    },
  };
}
