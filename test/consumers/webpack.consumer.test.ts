// webpack 5 in production mode (ts-loader), installed from the packed erp-widgets; the app imports
// one entry per element, as an app that needs only some of them would.
import { describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, buildAndServe, builtAppChecks, useConsumerApp } from './helpers.ts';

describe('consumer: webpack 5', () => {
  const ctx = useConsumerApp('webpack');

  it('builds in production mode; tsc reports no errors', { timeout: BUILD_TIMEOUT_MS }, async () => {
    await buildAndServe(ctx);
  });

  builtAppChecks(ctx, [{ how: 'el.tokenProvider and addEventListener', button: 'iamport-certify-button', output: '#result' }]);
});
