import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { getResponse, type RequestHandler } from 'msw';
import { createBenecafeFake } from '../../benecafe/sandbox/fake-api.ts';
import { mountBenecafePages } from '../../benecafe/sandbox/fake-pages.ts';
import { ecountConfigSchema } from '../../ecount/server/config-schema.ts';
import { createEcountFake, SANDBOX_ECOUNT } from '../../ecount/sandbox/fake-api.ts';
import { mountEcountPages } from '../../ecount/sandbox/fake-pages.ts';
import { createIamportFake, SANDBOX_IAMPORT } from '../../iamport/sandbox/fake-api.ts';
import { mountIamportPages } from '../../iamport/sandbox/fake-pages.ts';
import { createSmartbillFake, mountSmartbillPages, SANDBOX_SMARTBILL } from '../../smartbill/sandbox/fake-pages.ts';
import { mountSandboxTokenRoute } from '../server/auth/token-routes.ts';
import { createSmartbillOpenApiFake } from '../../smartbill/sandbox/fake-openapi.ts';
import { type AdapterConfig, benecafeConfigSchema, iamportConfigSchema } from '../server/config.ts';
import type { AdapterContext } from '../server/provider.ts';
import { createSandboxReceiver } from './webhook-receiver.ts';

/** The sandbox's server key when none is configured (documented; the sandbox holds only fake data). */
export const SANDBOX_SERVER_KEY = 'sk_sandbox_only_not_a_secret_0000000000';

/**
 * Every provider's fakes, wired for one sandboxed adapter: provider hosts are
 * answered in-process by the same msw handlers the tests use (no network),
 * and the browser parts are pages under `/sandbox/`.
 */
export function createSandbox(config: AdapterConfig) {
  const iamport = createIamportFake();
  const benecafe = createBenecafeFake();
  const smartbill = createSmartbillFake();
  // The fake enforces the limits the adapter is configured with (Ecount's public ones by default).
  const ecount = createEcountFake({ limits: config.ecount?.limits });
  const smartbillApi = createSmartbillOpenApiFake();
  smartbill.issueCredentials = (com, sbid) => smartbillApi.issueCredentials(com, sbid);
  const receiver = createSandboxReceiver();
  const handlers: RequestHandler[] = [...iamport.handlers, ...benecafe.handlers, ...ecount.handlers, ...smartbillApi.handlers];

  const sandboxConfig: AdapterConfig = {
    ...config,
    encryptionKey: config.encryptionKey ?? config.smartbill?.encryptionKey ?? SANDBOX_SMARTBILL.encryptionKey,
    // Unconfigured providers get the fakes' credentials; every other value is the schema's default.
    iamport: config.iamport ?? iamportConfigSchema.parse({ impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret }),
    benecafe:
      config.benecafe ??
      benecafeConfigSchema.parse({
        mainUrl: '/demo/benecafe.html',
        baroItemUrlTemplate: '/demo/benecafe.html?item={BaroItem}',
        welfareMallUrl: `${config.basePath}/sandbox/benecafe/mall`,
        checkUrl: true,
      }),
    ecount:
      config.ecount ??
      ecountConfigSchema.parse({
        environment: 'test',
        comCode: SANDBOX_ECOUNT.comCode,
        userId: SANDBOX_ECOUNT.userId,
        apiCertKey: SANDBOX_ECOUNT.apiCertKey,
      }),
    smartbill: {
      environment: 'demo',
      callbackIpAllowList: { enabled: false },
      longPollMs: 25_000,
      ...config.smartbill,
      encryptionKey: config.smartbill?.encryptionKey ?? SANDBOX_SMARTBILL.encryptionKey,
      site: config.smartbill?.site ?? SANDBOX_SMARTBILL.site,
    },
    // Events go to the demo's receiver unless the config names real endpoints.
    webhooks: config.webhooks.endpoints.length ? config.webhooks : { ...config.webhooks, endpoints: [receiver.endpoint] },
    // Tokens stay on: a per-process secret signs the demo tokens that POST /sandbox/page-tokens hands out.
    auth: {
      ...config.auth,
      secret: config.auth.secret ?? randomBytes(32).toString('base64url'),
      serverKeys: config.auth.serverKeys.length ? config.auth.serverKeys : [SANDBOX_SERVER_KEY],
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
    fetch: sandboxFetch,
    webhookFetch: receiver.webhookFetch,
    mountPages(app: Hono, ctx: AdapterContext) {
      receiver.mount(app);
      mountSandboxTokenRoute(app, ctx.config.auth, ctx.now);
      mountIamportPages(app, iamport, ctx.config.allowedOrigins, ctx.logger);
      mountBenecafePages(app, benecafe, ctx);
      mountSmartbillPages(app, ctx, smartbill);
      mountEcountPages(app, ecount, ctx);
    },
  };
}
