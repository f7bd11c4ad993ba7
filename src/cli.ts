#!/usr/bin/env node
// `erp-widgets-adapter`: the command, with every provider (src/providers.ts) and their sandbox fakes.
import { runCli } from './core/server/cli.ts';
import { providers } from './providers.ts';

runCli({ providers, loadSandbox: async () => (await import('./sandbox.ts')).createSandbox });
