import { composeSandbox, type Sandbox } from './core/sandbox/sandbox.ts';
import type { AdapterConfig } from './core/server/config.ts';
import { benecafeSandbox } from './benecafe/sandbox/module.ts';
import { ecountSandbox } from './ecount/sandbox/module.ts';
import { iamportSandbox } from './iamport/sandbox/module.ts';
import { smartbillSandbox } from './smartbill/sandbox/module.ts';

/** Every provider's sandbox half (src/providers.ts lists their server halves). */
export const sandboxModules = [iamportSandbox, benecafeSandbox, smartbillSandbox, ecountSandbox] as const;

/**
 * `erp-widgets-adapter/sandbox`: the fakes of every provider, for `createAdapter(config, { sandbox: createSandbox })`.
 * Loaded only when the sandbox is on (msw is a dev dependency).
 */
export function createSandbox(config: AdapterConfig): Sandbox {
  return composeSandbox(config, sandboxModules);
}

export { SANDBOX_SERVER_KEY, type Sandbox } from './core/sandbox/sandbox.ts';
