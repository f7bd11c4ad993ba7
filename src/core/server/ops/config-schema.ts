import { z } from 'zod';

/**
 * `metrics`: Prometheus text at `GET /metrics`. Off unless this key is set; then it
 * needs its own bearer token (`token`), a listen address of its own (`listen`, e.g.
 * a private interface the scraper reaches), or both (the token is then asked there).
 */
export const metricsConfigSchema = z
  .object({
    /** `Authorization: Bearer <token>` on /metrics; not a server key (a scraper needs no access to the server API). */
    token: z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)').optional(),
    /** Serve /metrics here instead of under the adapter's own address and base path. */
    listen: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((m) => m.token !== undefined || m.listen !== undefined, 'set "token", "listen" or both: /metrics is never open to everyone');

/** Shutdown on SIGTERM: how long `/ready` answers 503 (while requests are still served) before the listener closes. */
export const shutdownConfigSchema = z
  .object({
    /** Default 5000 outside the sandbox (a load balancer's check interval or two), 0 in the sandbox. */
    drainMs: z.number().int().min(0).max(120_000).optional(),
    /** Requests still open after the drain get this long to finish, then their sockets are cut. */
    graceMs: z.number().int().min(0).max(60_000).default(3_000),
  })
  .strict();

export const operationsConfigShape = {
  metrics: metricsConfigSchema.optional(),
  shutdown: shutdownConfigSchema.prefault({}),
};

export type MetricsConfig = z.output<typeof metricsConfigSchema>;

/** The drain a SIGTERM gets: configured, else 5 s outside the sandbox and none in it. */
export const drainMsOf = (c: { sandbox: boolean; shutdown: { drainMs?: number } }): number => c.shutdown.drainMs ?? (c.sandbox ? 0 : 5_000);
