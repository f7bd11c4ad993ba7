import { defineSandbox } from '../../core/sandbox/sandbox.ts';
import { type BenecafeConfig, benecafeConfigSchema } from '../server/config-schema.ts';
import { createBenecafeFake } from './fake-api.ts';
import { mountBenecafePages } from './fake-pages.ts';

/** Benecafe in the sandbox: the fake OTP and CHECKURL hosts, and a fake welfare mall that posts the gate. */
export const benecafeSandbox = defineSandbox<BenecafeConfig>({
  name: 'benecafe',
  create(section, config) {
    const fake = createBenecafeFake();
    const settings =
      section ??
      benecafeConfigSchema.parse({
        mainUrl: '/demo/benecafe.html',
        baroItemUrlTemplate: '/demo/benecafe.html?item={BaroItem}',
        welfareMallUrl: `${config.basePath}/sandbox/benecafe/mall`,
        checkUrl: true,
      });
    return {
      config: settings,
      handlers: fake.handlers,
      mountPages: (app, ctx) => mountBenecafePages(app, fake, ctx, settings),
    };
  },
});
