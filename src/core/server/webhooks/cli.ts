import { isoTime, type OperatorEnv, runOperatorCommand, subcommands, textTable } from '../operator.ts';
import { WEBHOOK_CHANNEL } from './outbox.ts';
import { DELIVERY_STATES, type DeliveryState, listDeliveries, retryDead } from './admin.ts';
import { eventsOf, sendTestEvent } from './test-send.ts';

const COMMON = '--config FILE [--json]';

/** `webhooks list`: the outbox's dead deliveries (or pending, delivered, all), newest first. */
const listCommand = (argv: string[], providers: OperatorEnv['providers']) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter webhooks list ${COMMON} [--status dead|pending|delivered|all] [--limit N]

  Webhook deliveries in the outbox (default: dead ones, which gave up and wait for "webhooks retry").`,
      options: { status: { type: 'string', default: 'dead' }, limit: { type: 'string', default: '50' } },
    },
    providers,
    async ({ store }, _pos, values) => {
      const status = values.status as string;
      const states: readonly DeliveryState[] =
        status === 'all' ? DELIVERY_STATES : (DELIVERY_STATES as readonly string[]).includes(status) ? [status as DeliveryState] : [];
      if (!states.length)
        return {
          data: { error: { code: 'invalid_request', message: `--status ${status}` } },
          human: `unknown --status ${status}`,
          failed: true,
        };
      const limit = Math.min(Math.max(Number(values.limit) || 50, 1), 1000);
      const rows = await listDeliveries(store, states, limit);
      const human = rows.length
        ? textTable(
            ['ID', 'TYPE', 'STATUS', 'ATTEMPTS', 'LAST', 'ENDPOINT', 'CREATED'],
            rows.map((r) => [r.id, r.type, r.status, r.attempts, r.lastError ?? r.lastStatus, r.endpoint, isoTime(r.createdAt)]),
          )
        : `no ${status === 'all' ? '' : `${status} `}webhook deliveries`;
      return { data: { deliveries: rows }, human };
    },
  );

/** `webhooks retry <id>`: a dead delivery is pending again; every instance's delivery loop is woken. */
const retryCommand = (argv: string[], providers: OperatorEnv['providers']) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter webhooks retry <id> ${COMMON}

  Sends a dead delivery again (same webhook-id, a fresh retry window of webhooks.retryForSeconds).
  A running adapter sharing the store picks it up at once.`,
      positionals: 1,
    },
    providers,
    async ({ store, config, now }, [id]) => {
      const answer = await retryDead(store, id!, now(), config.webhooks.retryForSeconds);
      await store.notify(WEBHOOK_CHANNEL, 'retry');
      return { data: answer, human: `${id}: pending again; a running adapter sends it now` };
    },
  );

/** `webhooks send-test <type>`: a signed sample of the event, sent now from this process by the delivery code. */
const sendTestCommand = (argv: string[], providers: OperatorEnv['providers']) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter webhooks send-test <event-type> ${COMMON} [--endpoint URL]

  Signs and sends a sample event (body "test": true) to every endpoint that takes the type, or to the
  one named (it must be one of webhooks.endpoints), as real deliveries are sent; not retried.
  Event types: ${Object.keys(eventsOf(providers)).join(', ')}`,
      options: { endpoint: { type: 'string' } },
      positionals: 1,
    },
    providers,
    async ({ config, now }, [type], values) => {
      const results = await sendTestEvent({
        config: config.webhooks,
        events: eventsOf(providers),
        fetch: (...args) => globalThis.fetch(...args),
        now,
        type: type!,
        endpoint: values.endpoint as string | undefined,
      });
      const human = results
        .map((r) => `${r.ok ? 'ok    ' : 'FAILED'}  ${r.endpoint}  ${r.error ?? `HTTP ${r.status}`}  ${r.ms} ms  (${r.id})`)
        .join('\n');
      return { data: { type, results }, human, failed: results.some((r) => !r.ok) };
    },
  );

/** `erp-widgets-adapter webhooks …`. */
export const webhooksCommand = subcommands('webhooks', { list: listCommand, retry: retryCommand, 'send-test': sendTestCommand });
