import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAdapter } from '../../src/server.ts';
import { errorOf, startTestAdapter } from '../helpers/adapter.ts';

const KEY = randomBytes(32).toString('base64');
const body = { COM_REGNO: '1208147521', AUTH_TOKEN: 'tok-ip-test-0001', AUTH_CODE: 'code-ip-test', pID: 'p', SBID: 's', regYn: 'Y' };
const production = { environment: 'production', encryptionKey: KEY, callbackIpAllowList: { enabled: true } } as const;

describe('client address behind proxies and when embedded (issue 9 item 3)', () => {
  it('a forwarded header from a peer that is not a trusted proxy is ignored (even with the old trustedProxyHeader)', async () => {
    const a = await startTestAdapter({ smartbill: { ...production, trustedProxyHeader: 'x-forwarded-for' } });
    try {
      const err = await errorOf(await a.post('/smartbill/callback', body, { 'X-Forwarded-For': '183.111.188.210' }));
      assert.deepEqual([err.status, err.code], [403, 'smartbill_ip_not_allowed']);
      assert.ok(
        a.logs.some((l) => l.includes('"ip":"127.0.0.1"')),
        'the refusal names the real peer',
      );
    } finally {
      await a.close();
    }
  });

  it('from trusted proxies (addresses and CIDRs) the chain is read from the right, skipping our own proxies', async () => {
    const a = await startTestAdapter({ trustedProxies: ['127.0.0.1', '10.0.0.0/8'], smartbill: production });
    try {
      assert.equal((await a.post('/smartbill/callback', body, { 'X-Forwarded-For': '183.111.188.210, 10.1.2.3' })).status, 200);
      const spoofed = await a.post(
        '/smartbill/callback',
        { ...body, AUTH_TOKEN: 'tok-ip-test-0002' },
        { 'X-Forwarded-For': '183.111.188.210, 198.51.100.7' },
      );
      assert.equal(spoofed.status, 403, 'a client-written hop before the real client is not believed');
    } finally {
      await a.close();
    }
  });

  it('config refuses a trustedProxies entry that is not an address or CIDR', async () => {
    await assert.rejects(startTestAdapter({ trustedProxies: ['10.0.0.0/33'] }), /trustedProxies\.0/);
    await assert.rejects(startTestAdapter({ trustedProxies: ['proxy.internal'] }), /trustedProxies\.0/);
  });

  it('embedded in a plain node:http handler (no @hono/node-server env): the clientIp option gives the address', async () => {
    mkdirSync(join(import.meta.dirname, '../../.test-tmp'), { recursive: true });
    const db = join(import.meta.dirname, '../../.test-tmp', `${randomUUID()}.db`);
    const addresses = new WeakMap<Request, string>();
    const adapter = createAdapter(
      { log: 'silent', store: { sqlite: db }, smartbill: { ...production, callbackIpAllowList: { enabled: true, ips: ['127.0.0.1'] } } },
      { clientIp: (request) => addresses.get(request) },
    );
    // What an Express/Next.js integration does: build a Request, remember who sent it, call adapter.fetch.
    const toRequest = async (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      return new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
    };
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const request = await toRequest(req);
      addresses.set(request, req.socket.remoteAddress!.replace(/^::ffff:/, ''));
      const response = await adapter.fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    };
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/smartbill/callback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.text());
    } finally {
      server.close();
      await adapter.close();
      for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
    }
  });
});
