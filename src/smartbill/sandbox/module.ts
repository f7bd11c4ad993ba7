import { defineSandbox } from '../../core/sandbox/sandbox.ts';
import type { SmartbillConfig } from '../server/config-schema.ts';
import { createSmartbillFake, mountSmartbillPages, SANDBOX_SMARTBILL } from './fake-pages.ts';
import { createSmartbillScrapeApiFake } from './fake-scrape-api.ts';

/** SmartBill in the sandbox: the fake signup pages (which call back) and the fake scraping API behind the invoice list. */
export const smartbillSandbox = defineSandbox<SmartbillConfig>({
  name: 'smartbill',
  create(section) {
    const pages = createSmartbillFake();
    const scrapeApi = createSmartbillScrapeApiFake();
    // A signup completed on the fake pages can call the fake scraping API at once.
    pages.issueCredentials = (com, sbid) => scrapeApi.issueCredentials(com, sbid);
    return {
      config: {
        environment: 'demo',
        callbackIpAllowList: { enabled: false },
        longPollMs: 25_000,
        ...section,
        site: section?.site ?? SANDBOX_SMARTBILL.site,
      },
      handlers: scrapeApi.handlers,
      mountPages: (app, ctx) => mountSmartbillPages(app, ctx, pages),
    };
  },
});
