import { defineSandbox } from '../../core/sandbox/sandbox.ts';
import { type EcountConfig, ecountConfigSchema } from '../server/config-schema.ts';
import { createEcountFake, SANDBOX_ECOUNT } from './fake-api.ts';
import { mountEcountPages } from './fake-pages.ts';

/** Ecount in the sandbox: the fake Zone, Login and business APIs, with Ecount's limits. */
export const ecountSandbox = defineSandbox<EcountConfig>({
  name: 'ecount',
  create(section) {
    // The fake enforces the limits the adapter is configured with (Ecount's public ones by default).
    const fake = createEcountFake({ limits: section?.limits });
    return {
      config:
        section ??
        ecountConfigSchema.parse({
          environment: 'test',
          comCode: SANDBOX_ECOUNT.comCode,
          userId: SANDBOX_ECOUNT.userId,
          apiCertKey: SANDBOX_ECOUNT.apiCertKey,
        }),
      handlers: fake.handlers,
      mountPages: (app, ctx) => mountEcountPages(app, fake, ctx),
    };
  },
});
