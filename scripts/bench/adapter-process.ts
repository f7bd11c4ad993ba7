// The adapter as an operator runs it (packages/adapter/bin/erp-widgets-adapter.js with a config
// file), in its own process, with a throwaway SQLite file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintPageToken } from '../../src/core/server/auth/page-token.ts';
import { type Proc, ROOT, startNode } from './procs.ts';

/** Page tokens (HS256) as an ERP would mint them; the bench adapter holds the secret. */
const AUTH_SECRET = randomBytes(32).toString('base64');
export const BENCH_COM = '1208147521';
export async function benchAuthHeader(scope: string): Promise<Record<string, string>> {
  const { token } = await mintPageToken({ sub: 'bench-user', com: BENCH_COM, scope, secret: AUTH_SECRET, ttlSeconds: 600 });
  return { authorization: `Bearer ${token}` };
}

export interface AdapterProc extends Proc {
  url: string;
}

export async function startAdapterProcess(name: string, config: Record<string, unknown>, nodeArgs: string[] = []): Promise<AdapterProc> {
  const dir = join(ROOT, '.test-tmp', `bench-${process.pid}-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      store: { sqlite: join(dir, 'bench.db') },
      // A request log line per request is left out, as in the baseline.
      log: 'silent',
      // Stop at once on SIGTERM (production drains /ready for 5 s first): procs.ts SIGKILLs a process that takes 5 s,
      // and a SIGKILLed process writes no --cpu-prof profile (scripts/bench/profile.ts).
      shutdown: { drainMs: 0 },
      auth: { secret: AUTH_SECRET },
      // The limiter's work is measured (default rules are per-IP and per-token buckets in the store),
      // but with buckets no run can empty: every load comes from one loopback address.
      // Likewise the long-poll caps (default 4 per client): the memory bench opens its waiters from one address.
      limits: {
        perIp: { capacity: 1_000_000, refillPerSecond: 100_000 },
        perToken: { capacity: 1_000_000, refillPerSecond: 100_000 },
        longPolls: 100_000,
        longPollsPerClient: 1000,
      },
      ...config,
    }),
  );
  const proc = await startNode(
    [...nodeArgs, 'packages/adapter/bin/erp-widgets-adapter.js', '--config', file, '--port', '0'],
    (line) => /listening on http:\/\/[^\s:]+:(\d+)(\S*)/.exec(line) ?? undefined,
    `adapter (${name})`,
  );
  return {
    ...proc,
    url: `http://127.0.0.1:${proc.info[1]}${proc.info[2]}`,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SmartBill as in production (demo environment: test business numbers), callbacks from any IP. */
export const smartbillBenchConfig = () => ({
  environment: 'demo',
  encryptionKey: randomBytes(32).toString('base64'),
  callbackIpAllowList: { enabled: false },
  longPollMs: 60_000,
});
