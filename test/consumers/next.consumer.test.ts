// Next.js app router, installed from the packed erp-widgets and erp-widgets-react: `next build`
// (its TypeScript check included), then `next start`; the page's /api/* reaches the sandbox
// adapter through a rewrite. The elements are imported from a 'use client' component, which Next
// also renders on the server while it prerenders the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, builtAppChecks, cleanEnv, exec, freePort, startProcess, useConsumerApp } from './helpers.ts';

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;

describe('consumer: Next.js app router', () => {
  const ctx = useConsumerApp('next', () => [origin]);

  it(
    'builds for production (next build, its TypeScript check) and tsc reports no errors; next start serves it',
    { timeout: BUILD_TIMEOUT_MS },
    async () => {
      const env = { ERP_WIDGETS_ADAPTER_URL: ctx.adapter.url };
      const output = await exec('npm', ['run', 'build'], { cwd: ctx.dir, timeoutMs: BUILD_TIMEOUT_MS, env: cleanEnv(env) });
      assert.match(output, /Finished TypeScript/);
      assert.doesNotMatch(output, /Type error|error TS\d+/);
      await exec('node', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { cwd: ctx.dir, timeoutMs: BUILD_TIMEOUT_MS });
      const server = await startProcess('node', ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: ctx.dir,
        env,
        ready: /Ready in/,
        timeoutMs: 60_000,
      });
      ctx.site = { url: origin, close: () => server.stop() };
    },
  );

  builtAppChecks(ctx, [
    { how: "the erp-widgets-react component in a 'use client' file", button: 'iamport-certify-button', output: '#result' },
  ]);
});
