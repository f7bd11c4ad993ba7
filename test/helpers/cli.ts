import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { watchLog } from './log-watch.ts';

const ROOT = join(import.meta.dirname, '../..');
/** The published CLI: plain JavaScript running the compiled adapter (packages/adapter/lib/). */
export const BIN = join(ROOT, 'packages/adapter/bin/erp-widgets-adapter.js');

export interface SpawnedAdapter {
  child: ChildProcess;
  /** `http://localhost:PORT` + base path, from the CLI's "listening on" line. */
  url: string;
  output: () => string;
  /** Resolves with the first log record `match` picks (the config must not set log to "silent"). */
  logged: ReturnType<typeof watchLog>['logged'];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `bin/erp-widgets-adapter.js` with plain `node` (no loader) and waits until it listens. */
export async function spawnBin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedAdapter> {
  if (!existsSync(join(ROOT, 'packages/adapter/lib/cli.js'))) {
    throw new Error('packages/adapter/lib/ is missing: run "npm run build" (npm test builds first)');
  }
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  let out = '';
  const log = watchLog();
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  createInterface({ input: child.stdout }).on('line', log.line);
  const url = await new Promise<string>((resolve, reject) => {
    const listening = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', listening); // read once: the output keeps growing
      resolve(m[1]!);
    };
    child.stdout.on('data', listening);
    child.on('exit', (code) => reject(new Error(`adapter exited early (${code}): ${out}`)));
  });
  return {
    child,
    url,
    output: () => out,
    logged: log.logged,
    async stop() {
      if (child.exitCode !== null || child.signalCode) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
