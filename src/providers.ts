import { benecafeModule } from './benecafe/server/module.ts';
import { ecountModule } from './ecount/server/module.ts';
import { iamportModule } from './iamport/server/module.ts';
import { smartbillModule } from './smartbill/server/module.ts';

/**
 * The composition root: every provider the adapter serves, in route-registration order. A new provider is one
 * folder (src/<name>/) and one line here (its server module) and in src/sandbox.ts (its fakes); the core
 * (src/core/) names none of them.
 */
export const providers = [iamportModule, benecafeModule, smartbillModule, ecountModule] as const;
