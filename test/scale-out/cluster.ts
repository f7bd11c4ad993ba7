import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type SpawnedAdapter, spawnBin } from '../helpers/cli.ts';
import { TEST_AUTH } from '../helpers/auth.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Several adapter processes (the published CLI) sharing one config file, hence one store and one set of keys. */
export interface Cluster {
  instances: SpawnedAdapter[];
  configFile: string;
  stop(): Promise<void>;
}

export async function startCluster(count: number, config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'erpw-cluster-'));
  const configFile = join(dir, 'adapter.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      log: 'silent',
      auth: TEST_AUTH,
      encryptionKey: randomBytes(32).toString('base64'),
      // Every request comes from the proxy's one address: per-address limits would measure the test, not the adapter.
      limits: { perIp: null, perToken: null, longPolls: 10_000, longPollsPerClient: 1000 },
      // Stopped at once (a test that is about the drain sets its own).
      shutdown: { drainMs: 0 },
      ...config,
    }),
  );
  // Started one after another: the first migrates (under the advisory lock), the others find it done.
  const instances: SpawnedAdapter[] = [];
  try {
    for (let i = 0; i < count; i++) instances.push(await spawnBin(['--config', configFile], env));
  } catch (err) {
    for (const a of instances) a.child.kill('SIGKILL');
    throw err;
  }
  return {
    instances,
    configFile,
    async stop() {
      await Promise.all(instances.map((a) => a.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** scripts/bench/iamport-stub.mjs in its own process: Iamport's REST V1, counting its calls (`GET /calls`). */
export async function startIamportStub(): Promise<{
  url: string;
  calls(): Promise<{ getToken: number; certification: number }>;
  stop(): void;
}> {
  const child = spawn(process.execPath, ['scripts/bench/iamport-stub.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`iamport stub exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    calls: async () => (await httpJson('GET', `${url}/calls`)).body as { getToken: number; certification: number },
    stop: () => void child.kill('SIGTERM'),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * One request with node:http, as an ERP backend or a provider sends it (Node's
 * fetch adds `Sec-Fetch-Mode`, which the server API refuses). Rejects on a
 * network error; any status resolves.
 */
export function httpJson(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
