import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { type Adapter, type AdapterDeps, createAdapter } from './app.ts';
import { type AdapterConfig, type AdapterConfigInput, parseConfig } from './config.ts';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Also serve the demo page at `/` and the built bundle at `/dist/` (needs `npm run build`). */
  demo?: { root: string };
}

export interface RunningServer {
  adapter: Adapter;
  server: ServerType;
  url: string;
  close(): Promise<void>;
}

/** Starts the adapter on Node's http server; used by the CLI, the demo and the tests. */
export async function startServer(
  input: AdapterConfigInput | AdapterConfig,
  options: ServerOptions = {},
  deps: AdapterDeps = {},
): Promise<RunningServer> {
  const config = parseConfig(input);
  // The fakes (and msw) load only when asked for, through their own entry.
  const sandbox = config.sandbox ? (deps.sandbox ?? (await import('./sandbox.ts')).createSandbox) : undefined;
  const adapter = createAdapter(config, { ...deps, sandbox });
  await adapter.ready;
  const root = new Hono();
  if (options.demo) {
    const dir = options.demo.root;
    if (!existsSync(resolve(dir, 'dist/erp-widgets.js'))) {
      throw new Error(`the demo needs the built bundle: run "npm run build" first (${resolve(dir, 'dist')} is missing)`);
    }
    root.get('/', (c) => c.redirect('/demo/'));
    root.use('/demo/*', serveStatic({ root: dir }));
    root.use('/dist/*', serveStatic({ root: dir }));
  }
  root.all('*', (c) => adapter.fetch(c.req.raw, c.env));

  const server = await new Promise<ServerType>((ok) => {
    const s = serve({ fetch: root.fetch, port: options.port ?? 8787, hostname: options.host ?? '127.0.0.1' }, () => ok(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    adapter,
    server,
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await adapter.close();
    },
  };
}
