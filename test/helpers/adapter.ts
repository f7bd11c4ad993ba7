import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

type SetupServerApi = ReturnType<typeof setupServer>;
import type { AdapterConfigInput } from '../../src/server.ts';
import type { AuthorizeHook } from '../../src/core/server/auth/index.ts';
import type { Deps as AdapterDeps } from '../../src/server.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server.ts';
import { TEST_AUTH } from './auth.ts';
import { type LogRecord, watchLog } from './log-watch.ts';
import { bounded } from './wait.ts';
import { serverCall } from './server-api.ts';
import type { SqlValue } from '../../src/core/server/store/store.ts';
import { freshTestStore, type StoreConfig } from './store.ts';

let mswServer: SetupServerApi | undefined;

/**
 * Provider hosts answered by msw (the sandbox's own handlers), in this test
 * process. Any request to a host no handler answers fails the request, so a
 * test can prove that nothing left the adapter. Loopback traffic (the test
 * talking to the adapter) passes through.
 */
export function mockProviders(...handlers: RequestHandler[]): SetupServerApi {
  if (!mswServer) {
    const server = setupServer();
    mswServer = server;
    server.listen({
      onUnhandledRequest(request, print) {
        const host = new URL(request.url).hostname;
        if (host === '127.0.0.1' || host === 'localhost') return;
        print.error();
      },
    });
  }
  mswServer.resetHandlers(...handlers);
  return mswServer;
}

export interface TestAdapter extends RunningServer {
  /** Every log line the adapter wrote. */
  logs: string[];
  /** Resolves with the first log record (parsed) that `match` picks, once it is written; fails after `ms` naming `what`. */
  logged(what: string, match: (record: LogRecord) => boolean, ms?: number): Promise<LogRecord>;
  /** The store this adapter uses: pass it as `store` to another adapter to share it. */
  storeConfig: StoreConfig;
  /** Rows read straight from the store (SQLite or PostgreSQL, whichever the tests run on). */
  rows<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
  /** Everything the store holds at rest, as bytes: the SQLite file and its WAL, or every row of every table. */
  storeBytes(): Promise<Buffer>;
  /** fetch against the adapter; `path` is relative to the base path. */
  call(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The server API as an ERP backend calls it (node:http, server key `TEST_SERVER_KEY` unless `key` is given; `null` sends none). */
  serverApi(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** How long a test adapter's close may take: above the adapter's own grace (3 s) and the slowest store under load. */
const CLOSE_BOUND_MS = 15_000;

/** The key `startTestAdapter` adds for suites that configure Iamport without one. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');

/**
 * The real adapter over real HTTP on a loopback port, with its own empty store
 * (a SQLite file, or a PostgreSQL schema when ERP_WIDGETS_TEST_STORE=postgres),
 * unless `config.store` names one to share.
 * Page tokens are on with `TEST_AUTH` (mint them with `mintTestToken`) unless the config sets `auth`.
 */
export async function startTestAdapter(
  config: AdapterConfigInput = {},
  deps: Pick<AdapterDeps, 'now' | 'webhooks' | 'providers' | 'sandbox' | 'fetch'> & { authorize?: AuthorizeHook } = {},
  options: Omit<ServerOptions, 'port'> = {},
): Promise<TestAdapter> {
  const own = config.store ? undefined : await freshTestStore();
  const storeConfig = config.store ?? own!.config;
  const logs: string[] = [];
  const logWatch = watchLog();
  // Iamport seals its token (and keeps CI/DI as keyed digests) at rest, so outside the sandbox it needs a key: suites that don't care get a fixed test key.
  const key = config.iamport && !config.encryptionKey && !config.smartbill?.encryptionKey ? { encryptionKey: TEST_ENCRYPTION_KEY } : {};
  const running = await startServer(
    { auth: TEST_AUTH, ...key, ...config, store: storeConfig },
    { port: 0, ...options },
    {
      ...deps,
      logSink: (line) => {
        logs.push(line);
        logWatch.line(line);
      },
    },
  );
  const base = `${running.url}${running.adapter.config.basePath}`;
  const call = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  return {
    ...running,
    logs,
    logged: logWatch.logged,
    storeConfig,
    rows: (sql, ...params) => running.adapter.store.all(sql, params) as never,
    async storeBytes() {
      if (storeConfig.sqlite) {
        return Buffer.concat(
          ['', '-wal'].map((s) => {
            try {
              return readFileSync(storeConfig.sqlite + s);
            } catch {
              return Buffer.alloc(0);
            }
          }),
        );
      }
      const store = running.adapter.store;
      const tables = await store.all<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      );
      const parts: string[] = [];
      for (const { t } of tables) {
        for (const r of await store.all<{ r: string }>(`SELECT x::text AS r FROM ${t} x`)) parts.push(r.r);
      }
      return Buffer.from(parts.join('\n'));
    },
    call,
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    serverApi: (method, path, options) => serverCall(`${base}/server`, method, path, options),
    async close(options) {
      // A close that never ends fails the test that asked for it, naming what is still open and how far it got.
      const store = running.adapter.store;
      let storeClose = 'not reached';
      const closeStore = store.close.bind(store);
      store.close = async () => {
        storeClose = 'started';
        await closeStore();
        storeClose = 'done';
      };
      const progress = () =>
        `the close() of the test adapter at ${running.url} (HTTP server ${running.server.listening ? 'listening' : 'closed'}, store.close ${storeClose})`;
      await bounded(progress, running.close(options), CLOSE_BOUND_MS);
      await bounded('dropping the test store', own?.drop() ?? Promise.resolve(), CLOSE_BOUND_MS);
    },
  };
}

/** Reads `{ error: { code, message } }` and checks it is exactly that shape. */
export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error envelope: ${JSON.stringify(body)}`);
  }
  return { status: res.status, code: body.error.code, message: body.error.message };
}
