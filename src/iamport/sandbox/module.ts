import { defineSandbox } from '../../core/sandbox/sandbox.ts';
import { type IamportConfig, iamportConfigSchema } from '../server/config-schema.ts';
import { createIamportFake, SANDBOX_IAMPORT } from './fake-api.ts';
import { mountIamportPages } from './fake-pages.ts';

/** Iamport in the sandbox: the fake REST API and the fake certification window. */
export const iamportSandbox = defineSandbox<IamportConfig>({
  name: 'iamport',
  create(section) {
    const fake = createIamportFake();
    return {
      // Unconfigured: the fake's credentials; every other value is the schema's default.
      config: section ?? iamportConfigSchema.parse({ impKey: SANDBOX_IAMPORT.impKey, impSecret: SANDBOX_IAMPORT.impSecret }),
      handlers: fake.handlers,
      mountPages: (app, ctx) => mountIamportPages(app, fake, ctx.config.allowedOrigins, ctx.logger),
    };
  },
});
