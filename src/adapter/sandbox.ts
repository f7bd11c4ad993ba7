import type { Hono } from 'hono';
import { getResponse, type RequestHandler } from 'msw';
import { createIamportFake, SANDBOX_IAMPORT } from '../iamport/sandbox/fake-api.ts';
import { mountIamportPages } from '../iamport/sandbox/fake-pages.ts';
import type { AdapterConfig } from './config.ts';
import type { AdapterContext } from './provider.ts';

/**
 * Every provider's fakes, wired for one sandboxed adapter: provider hosts are
 * answered in-process by the same msw handlers the tests use (no network),
 * and the browser parts are pages under `/sandbox/`.
 */
export function createSandbox(config: AdapterConfig) {
  const iamport = createIamportFake();
  const handlers: RequestHandler[] = [...iamport.handlers];

  const sandboxConfig: AdapterConfig = {
    ...config,
    iamport: config.iamport ?? {
      impKey: SANDBOX_IAMPORT.impKey,
      impSecret: SANDBOX_IAMPORT.impSecret,
      apiBase: 'https://api.iamport.kr',
      timeoutMs: 10_000,
      storeFields: ['imp_uid', 'merchant_uid', 'unique_key', 'unique_in_site', 'certified_at'],
    },
  };

  const sandboxFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(handlers, request);
    if (!response) throw new TypeError(`sandbox: no fake answers ${request.method} ${new URL(request.url).origin}`);
    return response;
  };

  return {
    config: sandboxConfig,
    fakes: { iamport },
    handlers,
    fetch: sandboxFetch,
    mountPages(app: Hono, _ctx: AdapterContext) {
      mountIamportPages(app, iamport);
    },
  };
}
