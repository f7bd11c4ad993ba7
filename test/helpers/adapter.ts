import { mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

type SetupServerApi = ReturnType<typeof setupServer>;
import type { AdapterConfigInput } from '../../src/adapter/config.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../src/adapter/server.ts';

const TMP = join(import.meta.dirname, '../../.test-tmp');

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
  dbPath: string;
  /** fetch against the adapter; `path` is relative to the base path. */
  call(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** The real adapter over real HTTP on a loopback port, with its own SQLite file. */
export async function startTestAdapter(
  config: AdapterConfigInput = {},
  deps: { now?: () => number } = {},
  options: Omit<ServerOptions, 'port'> = {},
): Promise<TestAdapter> {
  mkdirSync(TMP, { recursive: true });
  const dbPath = join(TMP, `${randomUUID()}.db`);
  const logs: string[] = [];
  const running = await startServer(
    { store: { sqlite: dbPath }, ...config },
    { port: 0, ...options },
    { logSink: (line) => logs.push(line), now: deps.now },
  );
  const base = `${running.url}${running.adapter.config.basePath}`;
  const call = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  return {
    ...running,
    logs,
    dbPath,
    call,
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await running.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
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
