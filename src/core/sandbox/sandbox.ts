import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { getResponse, type RequestHandler } from 'msw';
import { mountSandboxTokenRoute } from '../server/auth/token-routes.ts';
import { corsAllowList } from '../server/cors.ts';
import type { AdapterConfig } from '../server/config.ts';
import type { AdapterContext } from '../server/provider.ts';
import { createSandboxReceiver } from './webhook-receiver.ts';

/** The sandbox's server key when none is configured (documented; the sandbox holds only fake data). */
export const SANDBOX_SERVER_KEY = 'sk_sandbox_only_not_a_secret_0000000000';
/** The sandbox's encryption key when none is configured (fake data only; tests open sealed rows with it). */
export const SANDBOX_ENCRYPTION_KEY = 'c2FuZGJveC1zbWFydGJpbGwta2V5LTMyLWJ5dGVzISE=';

/** One provider's fakes in a sandboxed adapter. */
export interface SandboxPart<C> {
  /** The provider's config section the sandbox runs with: the given one, completed with the fakes' credentials and hosts. */
  config: C;
  /** msw handlers answering the provider's hosts in-process (no network). */
  handlers: RequestHandler[];
  /** The provider's own fake pages under `/sandbox/<name>/…` (its checkout, its welfare mall…). */
  mountPages?(app: Hono, ctx: AdapterContext): void;
}

/**
 * One provider's sandbox half: `src/<provider>/sandbox/module.ts` exports one and `src/sandbox.ts` lists them
 * (apart from the server modules, so production never loads msw or a fake).
 */
export interface SandboxModule<C = unknown> {
  /** The provider's name (its config key). */
  name: string;
  /** Builds the fakes for one adapter; `section` is `config.<name>` as given (undefined when the file has none). */
  create(section: C | undefined, config: AdapterConfig): SandboxPart<C>;
}

export const defineSandbox = <C>(module: SandboxModule<C>): SandboxModule<C> => module;

/** What `createAdapter` takes from the sandbox. */
export interface Sandbox {
  config: AdapterConfig;
  fetch: typeof fetch;
  webhookFetch(network: typeof fetch): typeof fetch;
  mountPages(app: Hono, ctx: AdapterContext, scopes: readonly string[]): void;
}

/**
 * Every listed provider's fakes, wired for one sandboxed adapter: provider hosts are answered in-process by
 * the same msw handlers the tests use (no network), and the browser parts are pages under `/sandbox/`.
 */
export function composeSandbox(config: AdapterConfig, modules: readonly SandboxModule[]): Sandbox {
  const parts = modules.map((m) => ({ name: m.name, part: m.create(config[m.name], config) }));
  const handlers: RequestHandler[] = parts.flatMap(({ part }) => part.handlers);
  const receiver = createSandboxReceiver();

  const sandboxConfig: AdapterConfig = {
    ...config,
    ...Object.fromEntries(parts.map(({ name, part }) => [name, part.config])),
    encryptionKey: config.encryptionKey ?? SANDBOX_ENCRYPTION_KEY,
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
    mountPages(app, ctx, scopes) {
      receiver.mount(app);
      // It stands in for the ERP server's own token route: pages on allowed origins may call it (README, "first embed").
      app.use('/sandbox/page-tokens', corsAllowList(ctx.config.allowedOrigins, { ownOrigin: 'request', logger: ctx.logger }));
      mountSandboxTokenRoute(app, ctx.config.auth, ctx.now, scopes);
      for (const { part } of parts) part.mountPages?.(app, ctx);
    },
  };
}
