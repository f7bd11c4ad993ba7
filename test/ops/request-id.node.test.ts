// Issue 21: request ids on every answer, in the log lines of that request and in error bodies.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { errorOf, startTestAdapter, type TestAdapter } from '../helpers/adapter.ts';
import { authHeader } from '../helpers/auth.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { BROKEN_COM, flowEcountConfig } from './flow.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** GET from a chosen loopback source address (127.0.0.1 is the trusted proxy below; 127.0.0.2 is not). */
function getFrom(url: string, from: string, headers: Record<string, string> = {}): Promise<{ status: number; id: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress: from, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, id: String(res.headers['x-request-id'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const linesOf = (a: TestAdapter, id: string) =>
  a.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === id);

describe('request ids (issue 21)', () => {
  let a: TestAdapter;
  before(async () => {
    a = await startTestAdapter({ trustedProxies: ['127.0.0.1'], allowedOrigins: ['https://erp.example.com'] });
  });
  after(() => a.close());

  it('makes one when none is given: on the answer, in the error body and in the request log line', async () => {
    const res = await a.call('/no/such/route');
    const id = res.headers.get('x-request-id') ?? '';
    assert.match(id, UUID);
    const body = (await res.json()) as { error: { code: string; requestId?: string } };
    assert.equal(body.error.code, 'not_found');
    assert.equal(body.error.requestId, id);
    const lines = linesOf(a, id);
    assert.equal(lines.length, 1, JSON.stringify(a.logs.slice(-3)));
    assert.deepEqual([lines[0]!.msg, lines[0]!.status], ['request', 404]);
  });

  it('sends one on successful answers too, a different one per request', async () => {
    const [r1, r2] = await Promise.all([a.call('/health'), a.call('/health')]);
    assert.equal(r1.status, 200);
    assert.match(r1.headers.get('x-request-id') ?? '', UUID);
    assert.notEqual(r1.headers.get('x-request-id'), r2.headers.get('x-request-id'));
  });

  it("puts it in every log line written while the request is handled (here the CORS refusal's warning)", async () => {
    const res = await a.call('/iamport/certifications', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    const { code } = await errorOf(res.clone());
    assert.equal(code, 'origin_not_allowed');
    const id = res.headers.get('x-request-id')!;
    assert.equal(((await res.json()) as { error: { requestId: string } }).error.requestId, id);
    const msgs = linesOf(a, id).map((l) => l.msg);
    assert.deepEqual(msgs.sort(), ['origin not allowed (add it to allowedOrigins)', 'request']);
  });

  it('takes X-Request-Id from a trusted proxy, and only from one', async () => {
    const url = `${a.url}${a.adapter.config.basePath}/health`;
    const fromProxy = await getFrom(url, '127.0.0.1', { 'X-Request-Id': 'nginx-7f3a9c0e1b2d4f6a' });
    assert.equal(fromProxy.id, 'nginx-7f3a9c0e1b2d4f6a');
    assert.equal(linesOf(a, 'nginx-7f3a9c0e1b2d4f6a').length, 1);
    const forged = await getFrom(url, '127.0.0.2', { 'X-Request-Id': 'planted-by-a-client' });
    assert.equal(forged.status, 200);
    assert.match(forged.id, UUID, 'a client that is not a trusted proxy cannot choose the id');
    const odd = await getFrom(url, '127.0.0.1', { 'X-Request-Id': 'has spaces "and quotes"' });
    assert.match(odd.id, UUID, 'an id that could break a log line is replaced');
  });

  it('is in the server API error bodies (the ERP backend reports it)', async () => {
    const res = await a.serverApi('GET', '/webhooks/failed', { key: 'wrong-key-0123456789' });
    assert.equal(res.status, 401);
    const id = res.headers.get('x-request-id');
    assert.match(id ?? '', UUID);
    assert.equal(((await res.json()) as { error: { requestId: string } }).error.requestId, id);
  });
});

describe('request ids in webhooks', { timeout: 60_000 }, () => {
  let a: TestAdapter;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    // The first delivery is refused (a log line), the retry accepted.
    receiver = await startReceiver((_hit, n) => (n === 1 ? 500 : 204));
    a = await startTestAdapter(
      {
        sandbox: true,
        trustedProxies: ['127.0.0.1'],
        ecount: flowEcountConfig,
        webhooks: { endpoints: [{ url: `${receiver.url}/hooks`, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }] },
      },
      { webhooks: { retryBaseMs: 20, pollMs: 100 } },
    );
  });
  after(async () => {
    await a?.close();
    await receiver?.close();
  });

  it("carries the causing request's id: X-Request-Id on each delivery and requestId in the delivery's log lines", async () => {
    const id = 'proxy-req-ecount-stop-1';
    // A company whose Ecount logins stop: the request answers 502 and enqueues the login-stop events.
    const res = await a.post('/ecount/connect', {}, { ...(await authHeader({ com: BROKEN_COM })), 'X-Request-Id': id });
    assert.equal(res.status, 502);
    assert.equal(res.headers.get('x-request-id'), id);
    await receiver.until((hits) => hits.some((h) => h.status === 204));
    assert.ok(receiver.hits.length >= 2, 'a refused delivery, then its retry');
    for (const hit of receiver.hits)
      assert.equal(hit.headers['x-request-id'], id, `${String(hit.headers['webhook-id'])} names the request`);
    const failed = await a.logged('the failed delivery', (l) => l.msg === 'webhook delivery failed');
    assert.equal(failed.requestId, id);
  });

  it('POST /server/webhooks/test sends its own request id', async () => {
    const res = await a.serverApi('POST', '/webhooks/test', {
      body: { type: 'ecount.login.blocked' },
      headers: { 'X-Request-Id': 'proxy-req-test-send-1' },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(receiver.hits.at(-1)!.headers['x-request-id'], 'proxy-req-test-send-1');
  });
});
