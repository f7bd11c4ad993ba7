import type { Hono } from 'hono';
import { getResponse, type RequestHandler } from 'msw';
import { createBenecafeFake } from '../benecafe/sandbox/fake-api.ts';
import { mountBenecafePages } from '../benecafe/sandbox/fake-pages.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../iamport/sandbox/fake-api.ts';
import { mountIamportPages } from '../iamport/sandbox/fake-pages.ts';
import { createSmartbillFake, mountSmartbillPages, SANDBOX_SMARTBILL } from '../smartbill/sandbox/fake-pages.ts';
import type { AdapterConfig } from './config.ts';
import type { AdapterContext } from './provider.ts';

/**
 * Every provider's fakes, wired for one sandboxed adapter: provider hosts are
 * answered in-process by the same msw handlers the tests use (no network),
 * and the browser parts are pages under `/sandbox/`.
 */
export function createSandbox(config: AdapterConfig) {
  const iamport = createIamportFake();
  const benecafe = createBenecafeFake();
  const smartbill = createSmartbillFake();
  const handlers: RequestHandler[] = [...iamport.handlers, ...benecafe.handlers];

  const sandboxConfig: AdapterConfig = {
    ...config,
    iamport: config.iamport ?? {
      impKey: SANDBOX_IAMPORT.impKey,
      impSecret: SANDBOX_IAMPORT.impSecret,
      apiBase: 'https://api.iamport.kr',
      timeoutMs: 10_000,
      storeFields: ['imp_uid', 'merchant_uid', 'unique_key', 'unique_in_site', 'certified_at'],
    },
    benecafe: config.benecafe ?? {
      otpHosts: ['cert.benecafe.co.kr', '*.benecafe.co.kr'],
      mainUrl: '/demo/benecafe.html',
      partnerOrigins: [],
      baroItemUrlTemplate: '/demo/benecafe.html?item={BaroItem}',
      popupHosts: ['*.benecafe.co.kr'],
      sessionTtlSeconds: 3 * 3600,
      welfareMallUrl: `${config.basePath}/sandbox/benecafe/mall`,
      checkUrl: true,
      timeoutMs: 5_000,
    },
    smartbill: {
      environment: 'demo',
      callbackIpAllowList: { enabled: false },
      longPollMs: 25_000,
      ...config.smartbill,
      encryptionKey: config.smartbill?.encryptionKey ?? SANDBOX_SMARTBILL.encryptionKey,
      site: config.smartbill?.site ?? SANDBOX_SMARTBILL.site,
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
    fakes: { iamport, benecafe, smartbill },
    handlers,
    fetch: sandboxFetch,
    mountPages(app: Hono, ctx: AdapterContext) {
      mountIamportPages(app, iamport);
      mountBenecafePages(app, benecafe, ctx);
      mountSmartbillPages(app, ctx, smartbill);
    },
  };
}
