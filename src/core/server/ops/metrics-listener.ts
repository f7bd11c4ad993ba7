import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config.ts';
import type { MetricsConfig } from './config-schema.ts';
import type { Metrics } from './metrics.ts';
import { metricsTokenOk } from './metrics-route.ts';

/**
 * `metrics.listen`: `GET /metrics` on an address of its own (a private interface
 * or loopback the scraper reaches), apart from the adapter's public routes. The
 * token is asked here too when one is configured.
 */
export async function startMetricsListener(metrics: Metrics, config: MetricsConfig): Promise<{ url: string; close(): Promise<void> }> {
  const { host, port } = config.listen!;
  const server = createServer((req, res) => {
    const answer = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(body);
    };
    const error = (status: number, code: string, message: string) => answer(status, JSON.stringify({ error: { code, message } }));
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') return error(404, 'not_found', 'only /metrics is served here');
    if (req.method !== 'GET') return error(405, 'method_not_allowed', 'GET /metrics');
    if (config.token && !req.headers.authorization)
      return error(401, 'metrics_token_missing', '/metrics needs Authorization: Bearer <metrics token>');
    if (config.token && !metricsTokenOk(req.headers.authorization, config.token)) {
      return error(401, 'metrics_token_invalid', 'this metrics token is not valid');
    }
    metrics.scrape().then(
      ({ contentType, body }) => answer(200, body, contentType),
      () => error(500, 'internal_error', 'metrics could not be read'),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new ConfigError(`metrics.listen: port ${port} on ${host} is already in use`) : err),
    );
    server.listen(port, host, () => ok());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
