import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeTestArgs } from '../../scripts/test-args.mjs';
import { bounded } from '../helpers/wait.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Runs one Node test file the way `npm test` does; resolves with its exit code and output. */
function runAsNpmTest(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    for (const key of Object.keys(childEnv)) if (key.startsWith('NODE_TEST')) delete childEnv[key];
    const child = spawn(process.execPath, [...nodeTestArgs, file], { cwd: ROOT, env: childEnv });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm test: a hang fails with a bound and names what was left open (issue 18 item 7)', () => {
  it('a test file whose test leaves a server listening fails, and the failure names the server', async () => {
    const { code, output } = await runAsNpmTest('test/fixtures/harness/leaves-a-server-open.ts', {
      ERP_WIDGETS_TEST_EXIT_BOUND_MS: '500',
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /^# fail [1-9]/m);
    assert.match(output, /still running 500 ms after its last test; left open: a server listening on 127\.0\.0\.1:\d+/);
  });

  it('npm test runs Node tests without --test-force-exit', () => {
    assert.ok(!nodeTestArgs.includes('--test-force-exit'));
    assert.doesNotMatch(readFileSync(join(ROOT, 'scripts/test.mjs'), 'utf8'), /test-force-exit/);
  });

  it('a close that never ends fails after its bound, naming what is still open', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      await assert.rejects(
        bounded('the adapter close()', new Promise(() => undefined), 200),
        new RegExp(`the adapter close\\(\\) did not finish within 200 ms; still open: .*a server listening on 127\\.0\\.0\\.1:${port}`),
      );
    } finally {
      server.close();
    }
  });
});
