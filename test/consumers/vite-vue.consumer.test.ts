// Vite + Vue 3 (create-vite's vue-ts template, plus strictTemplates and isCustomElement), installed
// from the packed erp-widgets: `vue-tsc -b && vite build`, then the build in Chromium.
import { describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, buildAndServe, builtAppChecks, useConsumerApp } from './helpers.ts';

describe('consumer: Vite + Vue 3', () => {
  const ctx = useConsumerApp('vite-vue');

  it('builds for production; vue-tsc with strictTemplates reports no errors', { timeout: BUILD_TIMEOUT_MS }, async () => {
    await buildAndServe(ctx);
  });

  builtAppChecks(ctx, [{ how: '.tokenProvider and @iamport-certify-success', button: 'iamport-certify-button', output: '#result' }]);
});
