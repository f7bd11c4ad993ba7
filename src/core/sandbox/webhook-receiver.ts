import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { signature } from '../server/webhooks/signing.ts';

/** The demo ERP's webhook endpoint: a host that never resolves, answered in-process. */
export const SANDBOX_RECEIVER_URL = 'https://erp.sandbox.invalid/webhooks';

export interface ReceivedWebhook {
  seq: number;
  id: string;
  type: string;
  /** The signature checked as an ERP would (HMAC over id.timestamp.body with the endpoint's secret). */
  verified: boolean;
  receivedAt: number;
  data: unknown;
}

/**
 * Stands in for the ERP's server in the sandbox: the delivery loop posts to
 * SANDBOX_RECEIVER_URL, this checks the signature and keeps the last deliveries
 * for the demo's event log (`GET /sandbox/webhooks`). Only when the config
 * names no endpoint of its own.
 */
export function createSandboxReceiver() {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const received: ReceivedWebhook[] = [];
  let seq = 0;

  async function receive(request: Request): Promise<Response> {
    const body = await request.text();
    const id = request.headers.get('webhook-id') ?? '';
    const ts = Number(request.headers.get('webhook-timestamp'));
    const expected = Buffer.from(signature(secret, id, ts, body));
    const verified = (request.headers.get('webhook-signature') ?? '')
      .split(' ')
      .some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected));
    if (!verified) return new Response(null, { status: 401 });
    // A retry of a delivery already kept is acknowledged again, not listed twice (the ERP de-duplicates by webhook-id).
    if (!received.some((r) => r.id === id)) {
      const event = JSON.parse(body) as { type: string; data: unknown };
      received.push({ seq: ++seq, id, type: event.type, verified, receivedAt: Date.now(), data: event.data });
      if (received.length > 50) received.shift();
    }
    return new Response(null, { status: 204 });
  }

  return {
    endpoint: { url: SANDBOX_RECEIVER_URL, secret },
    /** Delivery's fetch: the demo receiver in-process, everything else on the network. */
    webhookFetch(network: typeof fetch): typeof fetch {
      return (input, init) => {
        const request = new Request(input, init);
        return request.url.startsWith(SANDBOX_RECEIVER_URL) ? receive(request) : network(input, init);
      };
    },
    mount(app: Hono) {
      app.get('/sandbox/webhooks', (c) => {
        const after = Number(c.req.query('after') ?? 0) || 0;
        return c.json({ received: received.filter((r) => r.seq > after) });
      });
    },
  };
}
