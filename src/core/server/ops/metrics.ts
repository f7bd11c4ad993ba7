import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.ts';

/** Every series the adapter itself defines starts with this; process metrics keep prom-client's standard names. */
export const PREFIX = 'erp_widgets_';

/** Latency buckets in seconds: from a cached answer (1 ms) to a provider's timeout (10 s and more). */
const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Labels = Record<string, string>;

export interface CounterHandle {
  inc(labels?: Labels, by?: number): void;
}

/**
 * A gauge read when Prometheus scrapes: `collect` answers one value, or one per
 * label set. Label values must come from a fixed set (never a business number,
 * a user id or anything else a caller chooses).
 */
export interface GaugeSpec {
  name: string;
  help: string;
  labelNames?: string[];
  collect: () => Promise<number | [Labels, number][]> | number | [Labels, number][];
}

/**
 * The adapter's metrics. With `metrics` off in the config every method is a
 * no-op and no registry exists, so instrumented code pays nothing.
 */
export interface Metrics {
  readonly enabled: boolean;
  /** An HTTP answer: `route` is the route pattern (never the raw path), `status` the numeric status. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** A call to a provider: `outcome` is ok, timeout, network_error, redirect or http_<status>. */
  upstream(provider: string, outcome: string, seconds: number): void;
  /** One outbox delivery attempt's outcome: ok, http_4xx, http_5xx, redirect, timeout, network_error, endpoint_removed. */
  webhookDelivery(outcome: string, dead: boolean): void;
  /** `lease` is the lease name's kind (`ecount:login`), never its ids. */
  leaseWait(lease: string, seconds: number): void;
  leaseHold(lease: string, seconds: number): void;
  storeQuery(op: string, seconds: number): void;
  /** A request refused by a limit: per_ip, per_token, long_polls. */
  rateLimited(limit: string): void;
  /** A provider's own counter (e.g. Ecount logins by outcome). */
  counter(spec: { name: string; help: string; labelNames?: string[] }): CounterHandle;
  gauge(spec: GaugeSpec): void;
  /** The Prometheus text exposition, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const noop = () => undefined;
const noCounter: CounterHandle = { inc: noop };

export const noMetrics: Metrics = {
  enabled: false,
  request: noop,
  upstream: noop,
  webhookDelivery: noop,
  leaseWait: noop,
  leaseHold: noop,
  storeQuery: noop,
  rateLimited: noop,
  counter: () => noCounter,
  gauge: noop,
  scrape: () => Promise.reject(new Error('metrics are off (config key "metrics")')),
};

/** A registry of this adapter's own (several adapters in one process, as in the tests, never share series). */
export function createMetrics(logger: Logger): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const histogram = (name: string, help: string, labelNames: string[]) =>
    new Histogram({ name: PREFIX + name, help, labelNames, buckets: SECONDS, registers: [registry] });
  const http = histogram('http_request_duration_seconds', 'HTTP requests answered, by route pattern, method and status', [
    'route',
    'method',
    'status',
  ]);
  const upstream = histogram('upstream_request_duration_seconds', 'Calls to providers, by provider and outcome', ['provider', 'outcome']);
  const leaseWait = histogram('lease_wait_seconds', 'Time a single-flight caller waited for the lease or for the holder’s outcome', [
    'lease',
  ]);
  const leaseHold = histogram('lease_hold_seconds', 'Time a single-flight holder held the lease (did the work)', ['lease']);
  const store = histogram(
    'store_query_duration_seconds',
    'Store calls (run, get, all outside transactions; whole transactions and pipelines)',
    ['op'],
  );
  const deliveries = new Counter({
    name: `${PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts from the outbox, by outcome (dead="true" when the attempt gave up for good)',
    labelNames: ['outcome', 'dead'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: `${PREFIX}rate_limit_refusals_total`,
    help: 'Requests refused by a limit (429), by limit',
    labelNames: ['limit'],
    registers: [registry],
  });

  return {
    enabled: true,
    request: (route, method, status, seconds) => http.observe({ route, method, status: String(status) }, seconds),
    upstream: (provider, outcome, seconds) => upstream.observe({ provider, outcome }, seconds),
    webhookDelivery: (outcome, dead) => deliveries.inc({ outcome, dead: String(dead) }),
    leaseWait: (lease, seconds) => leaseWait.observe({ lease }, seconds),
    leaseHold: (lease, seconds) => leaseHold.observe({ lease }, seconds),
    storeQuery: (op, seconds) => store.observe({ op }, seconds),
    rateLimited: (limit) => refusals.inc({ limit }),
    counter(spec) {
      const c = new Counter({ name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [registry] });
      return { inc: (labels = {}, by = 1) => c.inc(labels, by) };
    },
    gauge(spec) {
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames ?? [],
        registers: [registry],
        async collect() {
          let value: Awaited<ReturnType<GaugeSpec['collect']>>;
          try {
            value = await spec.collect();
          } catch (err) {
            // One failing read (the store is down) must not hide every other series: this one keeps its last value.
            logger.warn('metrics: a gauge could not be read', { metric: spec.name, message: (err as Error).message });
            return;
          }
          if (typeof value === 'number') this.set(value);
          else {
            this.reset();
            for (const [labels, v] of value) this.set(labels, v);
          }
        },
      });
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
