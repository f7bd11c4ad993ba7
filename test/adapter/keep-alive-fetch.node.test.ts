import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createKeepAliveFetch } from '../../src/core/server/keep-alive-fetch.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A provider stand-in over real HTTP: each test sets the handler; sockets are counted. */
describe("the adapter's keep-alive fetch (provider calls)", () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, _body, res) => res.end('ok');
  const sockets = new Set<Socket>();
  let connections = 0;
  const client = createKeepAliveFetch();
  const f = client.fetch;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => handler(req, body, res));
    });
    server.on('connection', (s) => {
      connections += 1;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('answers a GET as fetch would: status, headers, text and json; one kept-alive connection for several calls', async () => {
    handler = (req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Seen-Accept': String(req.headers.accept) });
      res.end(JSON.stringify({ path: req.url }));
    };
    const before = connections;
    for (let i = 0; i < 3; i++) {
      const res = await f(`${base}/certifications/imp_${i}`, { redirect: 'error', signal: AbortSignal.timeout(5000) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('x-seen-accept'), '*/*');
      assert.deepEqual(await res.json(), { path: `/certifications/imp_${i}` });
    }
    assert.equal(connections - before, 1, 'the three calls shared one connection');
  });

  it('sends string and URLSearchParams bodies with a length and the Content-Type fetch would give them', async () => {
    const seen: { type?: string; length?: string; body: string }[] = [];
    handler = (req, body, res) => {
      seen.push({ type: req.headers['content-type'], length: req.headers['content-length'], body });
      res.end();
    };
    await f(`${base}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":"한"}', redirect: 'error' });
    await f(`${base}/check`, { method: 'POST', body: new URLSearchParams({ cmpyCd: 'A1', userName: '홍길동' }), redirect: 'manual' });
    assert.deepEqual(seen, [
      { type: 'application/json', length: String(Buffer.byteLength('{"a":"한"}')), body: '{"a":"한"}' },
      {
        type: 'application/x-www-form-urlencoded;charset=UTF-8',
        length: String(Buffer.byteLength(new URLSearchParams({ cmpyCd: 'A1', userName: '홍길동' }).toString())),
        body: new URLSearchParams({ cmpyCd: 'A1', userName: '홍길동' }).toString(),
      },
    ]);
  });

  it("refuses a redirect with redirect 'error' (a TypeError, like fetch) and returns it with 'manual'", async () => {
    handler = (_req, _body, res) => {
      res.writeHead(302, { Location: 'http://169.254.169.254/' });
      res.end();
    };
    await assert.rejects(
      f(`${base}/r`, { redirect: 'error' }),
      (err: Error) => err instanceof TypeError && /fetch failed/.test(err.message),
    );
    const res = await f(`${base}/r`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'http://169.254.169.254/');
  });

  it('gives up when the signal fires (TimeoutError), and says fetch failed when nothing listens', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    await assert.rejects(f(`${base}/slow`, { redirect: 'error', signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
    assert.ok(Date.now() - started < 2000, 'within the signal, not the socket');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(f(`http://127.0.0.1:${port}/`, { redirect: 'error' }), (err: Error) => err instanceof TypeError);
  });

  it('answers 204 with no body, and retries a GET once when the server closed the kept-alive socket', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(204);
      res.end();
    };
    const empty = await f(`${base}/none`, { redirect: 'error' });
    assert.deepEqual([empty.status, await empty.text()], [204, '']);
    // The next request arrives on a kept-alive socket the server is dropping (its keep-alive timeout just passed).
    const served = new WeakSet<Socket>();
    let dropped = 0;
    handler = (req, _body, res) => {
      if (served.has(req.socket) && dropped === 0) {
        dropped += 1;
        req.socket.destroy();
        return;
      }
      served.add(req.socket);
      res.end('fresh');
    };
    await (await f(`${base}/warm`, { redirect: 'error' })).text();
    const res = await f(`${base}/again`, { redirect: 'error', signal: AbortSignal.timeout(5000) });
    assert.equal(dropped, 1, 'the reused socket was dropped');
    assert.equal(await res.text(), 'fresh');
  });

  it('leaves what it does not handle to the global fetch (follow, streams, Request objects)', async () => {
    const calls: unknown[] = [];
    const own = createKeepAliveFetch(async (input) => {
      calls.push(input);
      return new Response('fallback');
    });
    try {
      assert.equal(await (await own.fetch(`${base}/x`)).text(), 'fallback', 'redirect defaults to follow');
      assert.equal(await (await own.fetch(new Request(`${base}/y`), { redirect: 'error' })).text(), 'fallback');
      assert.equal(calls.length, 2);
    } finally {
      own.close();
    }
  });
});
