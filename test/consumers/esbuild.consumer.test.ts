// Plain esbuild (minified ES module bundle, any warning fails the build), installed from the packed
// erp-widgets; the app is plain DOM code typed by HTMLElementTagNameMap and checked by tsc.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, buildAndServe, builtAppChecks, useConsumerApp } from './helpers.ts';

describe('consumer: esbuild', () => {
  const ctx = useConsumerApp('esbuild');

  it('bundles for production without a warning; tsc reports no errors', { timeout: BUILD_TIMEOUT_MS }, async () => {
    const output = await buildAndServe(ctx);
    assert.doesNotMatch(output, /ignored-bare-import|\[WARNING\]/);
  });

  builtAppChecks(ctx, [{ how: 'el.tokenProvider and addEventListener', button: 'iamport-certify-button', output: '#result' }]);
});
