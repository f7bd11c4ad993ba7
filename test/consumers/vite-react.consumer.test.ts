// Vite + React 19 (create-vite's react-ts template and tsconfig files), installed from the packed
// erp-widgets and erp-widgets-react: `tsc -b && vite build`, then the build in Chromium.
import { describe, it } from 'node:test';
import { BUILD_TIMEOUT_MS, buildAndServe, builtAppChecks, useConsumerApp } from './helpers.ts';

describe('consumer: Vite + React 19', () => {
  const ctx = useConsumerApp('vite-react');

  it("builds for production; tsc -b with create-vite's tsconfig reports no errors", { timeout: BUILD_TIMEOUT_MS }, async () => {
    await buildAndServe(ctx);
  });

  builtAppChecks(ctx, [
    { how: 'the element in JSX: tokenProvider prop, oniamport-certify-success', button: '#native', output: '#native-result' },
    { how: 'the erp-widgets-react component: onIamportCertifySuccess', button: '#wrapped', output: '#wrapped-result' },
  ]);
});
