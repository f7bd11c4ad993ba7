import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfigFile } from './config.ts';
import { drainMsOf } from './ops/config-schema.ts';
import type { ProviderModule } from './provider.ts';
import { type ServerDeps, startServer } from './server.ts';

const usageOf = (
  providers: readonly ProviderModule[],
) => `Usage: erp-widgets-adapter [--config FILE] [--sandbox] [--port N] [--host H] [--demo] [--allow-origin ORIGIN]…
       erp-widgets-adapter rekey --config FILE [--json]    re-encrypt everything at rest under encryptionKey
       erp-widgets-adapter webhooks list|retry <id>|send-test <event-type> --config FILE [--json]
${providers
  .flatMap((p) => Object.values(p.commands ?? {}))
  .map((c) => `       erp-widgets-adapter ${c.usage}\n`)
  .join('')}
  --config FILE  adapter config (JSON); secrets may be {"env": "VAR"}
  --sandbox      answer every provider with the built-in fakes (no network)
  --port N       port to listen on (default: $PORT or 8787)
  --host H       interface to bind (default 127.0.0.1)
  --demo         also serve the demo page (needs "npm run build")
  --allow-origin ORIGIN  let pages on ORIGIN call the browser routes (repeatable; adds to allowedOrigins);
                 also $ERP_WIDGETS_ALLOWED_ORIGINS (comma-separated), e.g. with npm start`;

/**
 * Where the demo's files are: the repository root (the folder holding demo/index.html) above
 * this module, whether it runs from src/core/server/ or from packages/adapter/lib/; else the
 * working directory.
 */
function demoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'demo', 'index.html'))) return dir;
  }
  return process.cwd();
}

async function main(deps: ServerDeps) {
  const { providers } = deps;
  const usage = usageOf(providers);
  // Operator commands (not the server): `rekey`, and each provider's own (e.g. `ecount-reset --config FILE`).
  const [name, ...rest] = process.argv.slice(2);
  if (name === 'rekey') return (await import('./rekey.ts')).rekeyCommand(rest, providers);
  if (name === 'webhooks') return (await import('./webhooks/cli.ts')).webhooksCommand(rest, providers);
  const command = name === undefined ? undefined : providers.map((p) => p.commands?.[name]).find(Boolean);
  if (command) return command.run(rest, providers);
  let args;
  try {
    args = parseArgs({
      options: {
        config: { type: 'string' },
        sandbox: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean', default: false },
        'allow-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  const fileConfig = args.config ? (readConfigFile(args.config) as Record<string, unknown>) : {};
  const config = { ...fileConfig } as Record<string, unknown>;
  if (args.sandbox) config.sandbox = true;
  const extraOrigins = [
    ...(args['allow-origin'] ?? []),
    ...(process.env.ERP_WIDGETS_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  ];
  if (extraOrigins.length) config.allowedOrigins = [...((config.allowedOrigins as string[] | undefined) ?? []), ...extraOrigins];
  if (args.demo) {
    config.basePath ??= '/api';
    config.store ??= { sqlite: './data/demo.db' };
  }
  const port = Number(args.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: "${args.port}" is not a port number`);

  const running = await startServer(config, { port, host: args.host, demo: args.demo ? { root: demoRoot() } : undefined }, deps);
  const mode = running.adapter.config.sandbox ? ' (sandbox: no provider is contacted)' : '';
  console.log(`erp-widgets adapter${mode} listening on ${running.url}${running.adapter.config.basePath}`);
  if (args.demo) console.log(`demo: ${running.url}/demo/`);

  if (running.metricsUrl) console.log(`metrics: ${running.metricsUrl}`);

  // SIGTERM (an orchestrator, a deploy): drain first (/ready answers 503 so load balancers move away, requests are still
  // served), then long-polls end, idle sockets close, the store closes. Ctrl+C (SIGINT): the same without the drain.
  // Provider calls still in flight when the grace ends are aborted. The process is gone within drain + grace + 2 s
  // whatever is still open (a last resort that should never fire: it says so); a second signal ends it at once.
  const { graceMs } = running.adapter.config.shutdown;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    const drainMs = signal === 'SIGTERM' ? drainMsOf(running.adapter.config) : 0;
    if (drainMs) console.log(`erp-widgets adapter: ${signal}: draining for ${drainMs} ms (/ready answers 503), then stopping`);
    setTimeout(
      () => {
        console.error('erp-widgets adapter: shutdown did not finish in time; exiting anyway');
        process.exit(1);
      },
      drainMs + graceMs + 2_000,
    ).unref();
    running.close({ closeGraceMs: graceMs, drainMs }).then(
      () => process.exit(0),
      (err) => {
        console.error(`erp-widgets adapter: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The `erp-widgets-adapter` command with these providers (`src/cli.ts` passes them). */
export function runCli(deps: ServerDeps): void {
  main(deps).catch((err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (/Cannot find package 'msw'/.test((err as Error).message)) {
      console.error('--sandbox needs the dev dependency msw: npm install --save-dev msw');
    } else console.error(`erp-widgets adapter failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}
