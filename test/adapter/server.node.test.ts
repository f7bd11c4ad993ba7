import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer } from '../../src/server.ts';
import { signupForm } from '../helpers/smartbill.ts';

const ROOT = join(import.meta.dirname, '../..');
const TMP = join(ROOT, '.test-tmp');
const CLI = join(ROOT, 'src/cli.ts');
const cleanup: string[] = [];
after(() => {
  for (const p of cleanup) rmSync(p, { recursive: true, force: true });
});
const tmpPath = (name: string) => {
  mkdirSync(TMP, { recursive: true });
  const p = join(TMP, `${randomUUID()}-${name}`);
  cleanup.push(p, `${p}-wal`, `${p}-shm`);
  return p;
};

function runCli(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor<T>(fn: () => T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('start-up and shutdown (issue 9 item 10)', () => {
  it('EADDRINUSE: one clear line, exit 1, and the database was never opened', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const db = tmpPath('eaddrinuse.db');
    const config = tmpPath('config.json');
    writeFileSync(config, JSON.stringify({ sandbox: true, store: { sqlite: db } }));
    try {
      const cli = runCli(['--config', config, '--port', String(port)]);
      assert.equal(await cli.exited, 1);
      const lines = cli.err().trim().split('\n');
      assert.equal(lines.length, 1, cli.err());
      assert.match(lines[0]!, new RegExp(`port ${port} .*already in use`));
      assert.doesNotMatch(cli.err(), /\n\s+at /, 'no stack');
      assert.equal(existsSync(db), false, 'the database was not created or migrated');
    } finally {
      blocker.close();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} with a SmartBill page long-polling on keep-alive: the poll answers and the process exits within 5 s`, async () => {
      const config = tmpPath('config.json');
      writeFileSync(config, JSON.stringify({ sandbox: true, store: { sqlite: tmpPath('shutdown.db') } }));
      const cli = runCli(['--config', config, '--port', '0']);
      try {
        const base = await waitFor(() => /listening on (http:\/\/\S+)/.exec(cli.out())?.[1]);
        const form = signupForm('1000000004', 'erp-user-1');
        // Tokens are on in the sandbox too: the sandbox-only route mints one for the form's company.
        const minted = await fetch(`${base}/sandbox/page-tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ com: form.pComRegNo, scope: 'smartbill:signup' }),
        });
        const auth = { Authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };
        const created = await fetch(`${base}/smartbill/signups`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...auth },
          body: JSON.stringify({ env: 'demo', form }),
        });
        assert.equal(created.status, 201, await created.clone().text());
        const { id, token } = (await created.json()) as { id: string; token: string };
        const poll = fetch(`${base}/smartbill/signups/${id}?token=${token}&wait=25000`, { headers: auth }).then((r) => r.status);
        await new Promise((r) => setTimeout(r, 300));
        const started = Date.now();
        cli.child.kill(signal);
        const code = await Promise.race([cli.exited, new Promise((r) => setTimeout(() => r('still running'), 8000))]);
        const took = Date.now() - started;
        assert.equal(code, 0, cli.err());
        assert.ok(took < 5000, `exited after ${took} ms`);
        assert.equal(await poll, 200, 'the long-poll got its answer');
      } finally {
        cli.child.kill('SIGKILL');
      }
    });
  }
});

describe('/dist/ for other origins (issue 9 item 13)', () => {
  it('sends Access-Control-Allow-Origin, long-cache headers for hashed chunks, revalidation for entry files', async () => {
    const root = tmpPath('demo-root');
    mkdirSync(join(root, 'dist'), { recursive: true });
    mkdirSync(join(root, 'demo'), { recursive: true });
    writeFileSync(join(root, 'dist/erp-widgets.js'), 'export {};');
    writeFileSync(join(root, 'dist/i18n.en-AbCd12_4.js'), 'export const x = 1;');
    const running = await startServer(
      {
        sandbox: true,
        basePath: '/api',
        log: 'silent',
        store: { sqlite: tmpPath('dist.db') },
        encryptionKey: randomBytes(32).toString('base64'),
      },
      { port: 0, demo: { root } },
    );
    try {
      const entry = await fetch(`${running.url}/dist/erp-widgets.js`, { headers: { Origin: 'https://erp.example.com' } });
      assert.equal(entry.status, 200);
      assert.equal(entry.headers.get('access-control-allow-origin'), '*');
      assert.equal(entry.headers.get('cache-control'), 'no-cache');
      const chunk = await fetch(`${running.url}/dist/i18n.en-AbCd12_4.js`);
      assert.equal(chunk.headers.get('access-control-allow-origin'), '*');
      assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(chunk.headers.get('content-type') ?? '', /javascript/);
    } finally {
      await running.close();
    }
  });
});
