import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

/**
 * Browser tests (`test/**\/*.test.ts`, not `*.node.test.ts`, `*.pg.test.ts`, e2e or consumer apps) in Debian's
 * Chromium through playwright-core; `scripts/test.mjs` installs it when missing.
 */
const chromiumArgs = [
  '--no-sandbox', // root in CI
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Requests that must never leave a test page (test/smartbill/invoice-preview.test.ts): anything under /__probe/ is
 * recorded and answered with something loadable (an empty stylesheet), and GET /__probe-hits lists what was asked.
 */
/** @type {string[]} */
const probeHits = [];
/** @type {import('koa').Middleware} */
function recordProbes(ctx, next) {
  if (ctx.path === '/__probe-hits') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(probeHits);
    return undefined;
  }
  if (ctx.path.startsWith('/__probe/')) {
    probeHits.push(ctx.path);
    ctx.type = 'application/xml';
    ctx.body = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>';
    return undefined;
  }
  return next();
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '.',
  files: ['test/**/*.test.ts', '!test/**/*.node.test.ts', '!test/**/*.pg.test.ts', '!test/e2e/**', '!test/consumers/**'],
  port: Number(process.env.WTR_PORT) || 8765,
  concurrency: 1,
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  middleware: [
    recordProbes,
    // msw's service worker must be served from / so its scope covers the test page.
    /** @type {import('koa').Middleware} */
    function serveMswWorker(ctx, next) {
      if (ctx.url === '/mockServiceWorker.js') ctx.url = '/node_modules/msw/lib/mockServiceWorker.js';
      return next();
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs },
    }),
  ],
  testFramework: { config: { timeout: 8000 } },
};
