import type { AdapterConfigInput } from '../../src/server.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { SANDBOX_ECOUNT } from '../../src/ecount/sandbox/fake-api.ts';
import { authHeader, TEST_AUTH } from '../helpers/auth.ts';
import { freshTestStore, type StoreConfig } from '../helpers/store.ts';

/** Generous limits (both sides), for tests about sessions rather than limits. */
export const WIDE = { capacity: 10_000, refillPerSecond: 10_000 };
export const WIDE_LIMITS = { zone: WIDE, login: WIDE, list: WIDE, save: WIDE, view: WIDE, daily: WIDE };

export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** Ecount config for the fake's sandbox company. */
export function ecountConfig(extra: Record<string, unknown> = {}) {
  return {
    environment: 'test' as const,
    comCode: SANDBOX_ECOUNT.comCode,
    userId: SANDBOX_ECOUNT.userId,
    apiCertKey: SANDBOX_ECOUNT.apiCertKey,
    ...extra,
  };
}

export interface Instances {
  /** The shared store's config (pass as `store` to share it, e.g. with a CLI command). */
  storeConfig: StoreConfig;
  all: (RunningServer & { logs: string[]; base: string })[];
  post(i: number, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(i: number, path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** `n` real adapters over HTTP sharing one store (SQLite file or PostgreSQL schema), as instances behind a load balancer. */
export async function startInstances(n: number, config: AdapterConfigInput, deps: { now?: () => number } = {}): Promise<Instances> {
  const store = await freshTestStore();
  const all: Instances['all'] = [];
  // Page tokens are on: every call carries one with all scopes (a test may pass its own Authorization).
  const auth = await authHeader();
  for (let i = 0; i < n; i++) {
    const logs: string[] = [];
    const running = await startServer(
      { store: store.config, encryptionKey: ENCRYPTION_KEY, auth: TEST_AUTH, limits: { perToken: null }, ...config },
      { port: 0 },
      { logSink: (l) => logs.push(l), now: deps.now },
    );
    all.push({ ...running, logs, base: `${running.url}${running.adapter.config.basePath}` });
  }
  return {
    storeConfig: store.config,
    all,
    post: (i, path, body = {}, headers = {}) =>
      fetch(`${all[i]!.base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (i, path, headers = {}) => fetch(`${all[i]!.base}${path}`, { headers: { ...auth, ...headers } }),
    async close() {
      for (const a of all) await a.close();
      await store.drop();
    },
  };
}
