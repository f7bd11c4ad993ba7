import type { ServerResponse } from 'node:http';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { RouterRoute } from 'hono/types';
import { type AuthorizeHook, createAuth, serverKeyGuard } from './auth/index.ts';
import { mountServerTokenRoute } from './auth/token-routes.ts';
import { StoreCache } from './cache.ts';
import { type AdapterConfig, type AdapterConfigInput, ConfigError, configSecrets, parseConfig } from './config.ts';
import { createCrypto } from './crypto.ts';
import { StoreRateLimiter } from './rate-limit.ts';
import { limitBody } from './body-limit.ts';
import { refuseMalformedUrl } from './malformed-url.ts';
import { type ClientIpHook, createClientIp, createTrustedPeer } from './client-ip.ts';
import { corsAllowList } from './cors.ts';
import { LongPolls, rateLimit } from './limits.ts';
import { AdapterClosingError, ApiError, errorBody } from './errors.ts';
import { createKeepAliveFetch } from './keep-alive-fetch.ts';
import { createLogger, type LogSink, redactUrl } from './logger.ts';
import { adapterMigrations } from './migrations.ts';
import type { AdapterContext, ProviderModule } from './provider.ts';
import { mountHealthRoute } from './health.ts';
import { createOperations } from './openapi/operation.ts';
import { instrumentFetch, instrumentStore } from './ops/instrument.ts';
import { createMetrics, type Metrics, noMetrics } from './ops/metrics.ts';
import { mountMetricsRoute, outboxGauges } from './ops/metrics-route.ts';
import { mountReadiness } from './ops/readiness.ts';
import { requestIds } from './ops/request-id.ts';
import { mountOpenApiRoute } from './openapi/route.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { createEvents, WEBHOOK_CHANNEL } from './webhooks/outbox.ts';
import { type Delivery, startDelivery } from './webhooks/delivery.ts';
import { mountWebhookServerRoutes } from './webhooks/server-routes.ts';
import { eventsOf, sendTestEvent } from './webhooks/test-send.ts';

export interface AdapterDeps {
  /** The providers this adapter serves, in route-registration order (`src/providers.ts` lists them; the package entry passes them). */
  providers: readonly ProviderModule[];
  /** A store already opened (tests, embedding); otherwise opened from config. */
  store?: Store;
  /** Outgoing HTTP for provider calls; defaults to keep-alive node:http(s) with fetch's contract, or the sandbox's fakes. */
  fetch?: typeof fetch;
  now?: () => number;
  logSink?: LogSink;
  /**
   * The sandbox's fakes, needed when `config.sandbox` is on: `createSandbox` from
   * `erp-widgets-adapter/sandbox`. Passed in, not imported, so production never loads it.
   */
  sandbox?: (config: AdapterConfig) => Sandbox;
  /**
   * Embedded use: check the ERP's own session (e.g. its cookie) and say who the
   * request is for; return null to fall back to a Bearer page token.
   */
  authorize?: AuthorizeHook;
  /**
   * The caller's address when embedded (Express: `(req) => …` from `req.ip`; Next.js: from a header your proxy sets).
   * Without it the adapter reads Node's socket through @hono/node-server; elsewhere the address is unknown.
   */
  clientIp?: ClientIpHook;
  /** Webhook delivery timing (tests): first retry after `retryBaseMs` (default 5 s), passes at least every `pollMs` (5 s). */
  webhooks?: { retryBaseMs?: number; pollMs?: number };
}

export interface Adapter {
  /**
   * Web-standard handler: mount it in Node's http server, Express, Next.js, Workers…
   * `env` is the host's per-request context (with @hono/node-server: `{ incoming }`,
   * which gives routes the caller's socket address).
   */
  fetch(request: Request, env?: unknown): Promise<Response>;
  readonly config: AdapterConfig;
  readonly store: Store;
  /** Resolves once migrations have run; `fetch` waits for it itself. */
  readonly ready: Promise<void>;
  /** Ends open long-polls at once (they answer with what they have); `close` does it too. */
  stopLongPolls(): void;
  close(): Promise<void>;
  /** Every route the adapter answers (method and path under the base path), for tests and docs; middleware excluded. */
  readonly routes: readonly { method: string; path: string }[];
  /** Prometheus metrics (`metrics` in the config; otherwise `enabled` is false): `scrape()` for a route of your own. */
  readonly metrics: Metrics;
  /**
   * Starts draining before a shutdown: `/ready` answers 503 so load balancers stop sending, open long-polls end,
   * answers close their connection; everything else is still served until `close`.
   */
  drain(): void;
}

/** The one "not configured" answer of every provider route whose config section is missing. */
const notConfigured = (p: ProviderModule) =>
  new ApiError(503, 'not_configured', `${p.title} is not configured on this adapter (config key "${p.name}")`);

/**
 * Provider calls never follow redirects: every outbound URL is checked against
 * an allow-list before the call, and a 3xx could lead anywhere (SSRF). A
 * redirect becomes a network error, i.e. 502 upstream_error.
 */
function noRedirects(doFetch: typeof fetch): typeof fetch {
  // 'manual' also never follows: the caller reads the 3xx itself (Ecount's "302 Object Moved" means rate limited).
  return (input, init) => doFetch(input, { ...init, redirect: init?.redirect === 'manual' ? 'manual' : 'error' });
}

/**
 * Every provider call carries the adapter's closing signal: `close()` aborts the calls still in flight (with
 * AdapterClosingError), so a close never waits for an upstream that does not answer, and lease holders let go.
 */
function abortedOnClose(doFetch: typeof fetch, closing: AbortSignal): typeof fetch {
  return (input, init) => doFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, closing]) : closing });
}

/** How long `close()` lets aborted requests finish (record outcomes, free leases) before it closes the store. */
const SETTLE_ON_CLOSE_MS = 1_000;

/**
 * Adds a header the response lacks, in place when its headers are mutable (no
 * rebuild of the response), otherwise through Hono, which copies the response.
 */
function ensureHeader(c: Pick<Context, 'res' | 'header'>, name: string, value: string) {
  const headers = c.res.headers;
  if (headers.has(name)) return;
  try {
    headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

/** The route pattern an answer came from, for a metric label: never the raw path (ids, business numbers). */
function routeLabel(matched: readonly RouterRoute[], base: string): string {
  const handler = matched.findLast((r) => r.method !== 'ALL');
  if (!handler) return 'unmatched';
  return base && handler.path.startsWith(base) ? handler.path.slice(base.length) || '/' : handler.path;
}

/** Creates the adapter: config validated, store opened and migrated, routes mounted. */
export function createAdapter(input: AdapterConfigInput | AdapterConfig, deps: AdapterDeps): Adapter {
  const { providers } = deps;
  const config = parseConfig(input, providers);
  if (config.sandbox && !deps.sandbox) {
    throw new ConfigError(
      'config key "sandbox": pass the fakes too: createAdapter(config, { sandbox: createSandbox }) with createSandbox from "erp-widgets-adapter/sandbox"',
    );
  }
  const sandbox = config.sandbox ? deps.sandbox?.(config) : undefined;
  const effective = sandbox ? sandbox.config : config;
  const logger = createLogger({ secrets: configSecrets(effective, providers), sink: deps.logSink, silent: effective.log === 'silent' });
  const metrics = effective.metrics ? createMetrics(logger) : noMetrics;
  const store = instrumentStore(deps.store ?? openStore(effective.store), metrics);
  const now = deps.now ?? Date.now;
  let draining = false;
  let migrated = false;
  let delivery: Delivery | undefined;
  let closed = false;
  const auth = createAuth(effective.auth, { now, logger, authorize: deps.authorize });
  const outgoing = deps.fetch || sandbox ? undefined : createKeepAliveFetch();
  const closing = new AbortController();
  const inFlight = new Set<Promise<Response>>();
  const ctx: AdapterContext = {
    config: effective,
    store,
    cache: new StoreCache(store, now),
    logger,
    fetch: abortedOnClose(noRedirects(deps.fetch ?? sandbox?.fetch ?? outgoing!.fetch), closing.signal),
    now,
    auth,
    operation: createOperations(auth),
    events: createEvents(effective.webhooks, now, () => delivery?.wake(), eventsOf(providers)),
    rateLimiter: new StoreRateLimiter(store, now),
    crypto: createCrypto({ key: effective.encryptionKey, previous: effective.previousEncryptionKeys }),
    clientIp: createClientIp({
      proxies: effective.trustedProxies,
      header: effective.trustedProxyHeader ?? 'x-forwarded-for',
      hook: deps.clientIp,
    }),
    longPolls: new LongPolls({ max: effective.limits.longPolls, perClient: effective.limits.longPollsPerClient }, () =>
      metrics.rateLimited('long_polls'),
    ),
    metrics,
  };

  // Webhooks go to the ERP, not to a provider: the real network (the sandbox answers only its own demo receiver).
  const network: typeof fetch = (...args) => globalThis.fetch(...args);
  const webhookFetch = sandbox ? sandbox.webhookFetch(network) : network;
  const ready = store.migrate(adapterMigrations(providers)).then(() => {
    migrated = true;
    if (effective.webhooks.endpoints.length && !closed) {
      delivery = startDelivery({
        store,
        config: effective.webhooks,
        fetch: webhookFetch,
        now,
        logger,
        metrics,
        ...deps.webhooks,
      });
    }
  });

  const app = new Hono().basePath(effective.basePath || '/');
  const logRequests = effective.log !== 'silent';
  const base = effective.basePath;
  app.use('*', requestIds(createTrustedPeer({ proxies: effective.trustedProxies, hook: deps.clientIp })));
  const observe: MiddlewareHandler = async (c, next) => {
    const started = logRequests || metrics.enabled ? performance.now() : 0;
    // On Node's own response (startServer: @hono/node-server passes it as `outgoing`) the defaults are set there:
    // Node merges them into the handler's headers, whose own values win (a handler that wants caching sets its own
    // Cache-Control), and Hono keeps its plain-object headers instead of building a WHATWG Headers per response.
    const outgoing = (c.env as { outgoing?: Partial<ServerResponse> } | undefined)?.outgoing;
    const onNode = Boolean(outgoing?.setHeader && !outgoing.headersSent);
    const set = (name: string, value: string) => (onNode ? outgoing!.setHeader!(name, value) : c.header(name, value));
    // Embedded (any other host): headers go on before `next()`; set afterwards, Hono would rebuild the response.
    set('X-Content-Type-Options', 'nosniff');
    set('Cache-Control', 'no-store');
    // Draining: each connection closes after its answer, so none is left idle for the listener's close to cut.
    if (draining) set('Connection', 'close');
    await next();
    if (!onNode) {
      // A handler that returned its own Response object bypassed the prepared headers.
      ensureHeader(c, 'X-Content-Type-Options', 'nosniff');
      ensureHeader(c, 'Cache-Control', 'no-store');
    }
    const ms = performance.now() - started;
    if (metrics.enabled) metrics.request(routeLabel(matchedRoutes(c), base), c.req.method, c.res.status, ms / 1000);
    if (logRequests) {
      logger.info('request', {
        method: c.req.method,
        path: redactUrl(new URL(c.req.url)),
        status: c.res.status,
        ms: Math.round(ms),
      });
    }
  };
  app.use('*', observe);
  app.use('*', refuseMalformedUrl());
  app.use('*', limitBody(effective.bodyLimitBytes));

  mountHealthRoute(app, store, { sandbox: effective.sandbox, providers: providers.map((p) => p.name) });
  // Before the wait for migrations below: readiness answers at once while they run.
  mountReadiness(app, { store, state: () => (draining ? 'draining' : migrated ? 'ready' : 'starting') });
  app.use('*', async (_c, next) => {
    if (!migrated) await ready;
    await next();
  });
  if (effective.metrics?.token && !effective.metrics.listen) mountMetricsRoute(app, metrics, effective.metrics.token);
  if (metrics.enabled) {
    metrics.gauge({
      name: 'erp_widgets_long_polls_open',
      help: 'Long-polls open on this instance',
      collect: () => ctx.longPolls.openCount,
    });
    outboxGauges(metrics, store, now);
  }
  mountOpenApiRoute(app, effective.basePath, providers);

  // Provider-facing and server routes are registered before the browser group so they never see its CORS rules.
  const browser = new Hono();
  // The adapter's own origin comes from publicUrl; only the sandbox falls back to the Host header.
  const ownOrigin = effective.publicUrl ? new URL(effective.publicUrl).origin : effective.sandbox ? 'request' : undefined;
  browser.use('*', corsAllowList(effective.allowedOrigins, { ownOrigin, logger }));
  browser.use(
    '*',
    rateLimit(ctx.rateLimiter, effective.limits, ctx.clientIp, (limit) => metrics.rateLimited(limit)),
  );
  const server = new Hono();
  server.use('*', serverKeyGuard(effective.auth.serverKeys));
  const scopes = providers.flatMap((p) => p.scopes);
  mountServerTokenRoute(server, effective.auth, now, scopes);
  mountWebhookServerRoutes(server, store, {
    now,
    retryForSeconds: effective.webhooks.retryForSeconds,
    // Every instance's loop may send it (this one may have no endpoints configured, or be busy).
    wake: () => {
      delivery?.wake();
      store.notify(WEBHOOK_CHANNEL, 'retry').catch(() => undefined);
    },
    sendTest: (type, endpoint) =>
      sendTestEvent({ config: effective.webhooks, events: eventsOf(providers), fetch: webhookFetch, now, type, endpoint }),
    eventTypes: Object.keys(eventsOf(providers)),
  });
  for (const p of providers) {
    const section = effective[p.name];
    const need = <T>(value: T | undefined | null | false): T => {
      if (value === undefined || value === null || value === false) throw notConfigured(p);
      return value;
    };
    const operation = createOperations(auth, { check: () => need(section), errors: { not_configured: 503 } });
    // Each provider's calls are timed under its own name.
    p.mount(
      { provider: app, browser, server },
      { ...ctx, fetch: instrumentFetch(ctx.fetch, p.name, metrics) },
      { config: section, need, operation },
    );
  }
  app.route('/server', server);
  app.route('/', browser);
  sandbox?.mountPages(app, ctx, scopes);

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      // The cause's name only: its message can quote an upstream body.
      if (err.status >= 500)
        logger.warn('request failed', { code: err.code, message: err.message, cause: (err.cause as Error | undefined)?.name });
      // Refused before its body was read: keep-alive would leave the rest of the body on the socket.
      if (err.status === 413) c.header('Connection', 'close');
      return c.json(errorBody(err.code, err.message), err.status);
    }
    logger.error('unhandled error', { message: (err as Error).message, stack: (err as Error).stack });
    return c.json(errorBody('internal_error', 'the adapter failed to handle this request'), 500);
  });

  return {
    fetch(request, env) {
      const answer = Promise.resolve(app.fetch(request, env as object | undefined));
      inFlight.add(answer);
      void answer.catch(() => undefined).finally(() => inFlight.delete(answer));
      return answer;
    },
    config: effective,
    store,
    ready,
    metrics,
    drain() {
      draining = true;
      ctx.longPolls.shutdown();
    },
    stopLongPolls: () => ctx.longPolls.shutdown(),
    get routes() {
      const seen = new Map<string, { method: string; path: string }>();
      for (const r of app.routes) if (r.method !== 'ALL') seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
      return [...seen.values()];
    },
    async close() {
      closed = true;
      ctx.longPolls.shutdown();
      closing.abort(new AdapterClosingError());
      // The aborted requests end now; let them release their leases while the store is still open.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, SETTLE_ON_CLOSE_MS)))]);
      clearTimeout(timer);
      await ready.catch(() => undefined);
      await delivery?.stop();
      outgoing?.close();
      await store.close();
    },
  };
}
