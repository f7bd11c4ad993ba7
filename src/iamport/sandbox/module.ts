import { defineSandbox } from '../../core/sandbox/sandbox.ts';
import { type IamportConfig, iamportConfigSchema } from '../server/config-schema.ts';
import { createIamportFake, SANDBOX_IAMPORT } from './fake-api.ts';
import { mountIamportPages } from './fake-pages.ts';
import { createPortoneFake, SANDBOX_PORTONE } from './fake-portone-api.ts';
import { mountPortonePages } from './fake-portone-pages.ts';

/** Iamport V1 and PortOne V2 in the sandbox: the fake REST APIs and the fake verification windows. */
export const iamportSandbox = defineSandbox<IamportConfig>({
  name: 'iamport',
  create(section) {
    const fake = createIamportFake();
    const portone = createPortoneFake();
    return {
      // Unconfigured: the fake's credentials; every other value is the schema's default.
      config:
        section ??
        iamportConfigSchema.parse({
          impKey: SANDBOX_IAMPORT.impKey,
          impSecret: SANDBOX_IAMPORT.impSecret,
          portone: { apiSecret: SANDBOX_PORTONE.apiSecret, storeId: SANDBOX_PORTONE.storeId },
        }),
      handlers: [...fake.handlers, ...portone.handlers],
      mountPages: (app, ctx) => {
        mountIamportPages(app, fake, ctx.config.allowedOrigins, ctx.logger);
        mountPortonePages(app, portone, ctx.config.allowedOrigins);
      },
    };
  },
});
