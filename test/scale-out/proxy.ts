import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Names the instance that answered, so a test can see where each request went. */
export const SERVED_BY = 'x-served-by';
/** A test's wish that this request go to any instance but this one (the round-robin skips it). */
export const AVOID = 'x-avoid-instance';

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to each instance (by index). */
  forwarded: number[];
  /** Resolves once the request carrying `x-flow-id: id` has been handed to an instance, with that instance's index. */
  routed(flowId: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A round-robin HTTP load balancer for tests, as an operator's would be: each
 * request goes to the next instance; an instance that refuses connections is
 * marked down and the request goes to the next one (nothing reached it, so a
 * retry is safe). An instance that dies mid-request yields 502, as nginx does.
 */
export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u.replace('//localhost', '//127.0.0.1')));
  const down = new Set<number>();
  const forwarded = targets.map(() => 0);
  const routes = new Map<string, number>();
  const waiting = new Map<string, (i: number) => void>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const pick = (avoid: number | undefined, tried: Set<number>): number | undefined => {
    for (let k = 0; k < targets.length; k++) {
      const i = (next + k) % targets.length;
      if (i === avoid || down.has(i) || tried.has(i)) continue;
      next = (i + 1) % targets.length;
      return i;
    }
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const avoidHeader = req.headers[AVOID];
      const avoid = typeof avoidHeader === 'string' ? Number(avoidHeader) : undefined;
      const flowId = req.headers['x-flow-id'];
      const tried = new Set<number>();
      const attempt = () => {
        const i = pick(avoid, tried);
        if (i === undefined) {
          res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"no_upstream","message":"all down"}}');
          return;
        }
        tried.add(i);
        const target = targets[i]!;
        const headers: IncomingHttpHeaders = { ...req.headers, host: target.host };
        delete headers[AVOID];
        const up = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: target.pathname.replace(/\/$/, '') + req.url,
            headers,
            agent,
          },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, [SERVED_BY]: String(i) });
            upRes.pipe(res);
            upRes.on('error', () => res.destroy());
          },
        );
        let sent = false;
        up.on('socket', (socket) => {
          const mark = () => {
            sent = true;
            forwarded[i]! += 1;
            if (typeof flowId === 'string') {
              routes.set(flowId, i);
              waiting.get(flowId)?.(i);
            }
          };
          if (socket.connecting) socket.once('connect', mark);
          else mark();
        });
        up.on('error', (err: NodeJS.ErrnoException) => {
          if (!sent && err.code === 'ECONNREFUSED') {
            down.add(i); // never reached the instance: try the next one
            attempt();
          } else if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"upstream failed"}}');
          } else res.destroy();
        });
        // A client that gives up (a long-poll it abandons) frees the instance's slot too.
        res.on('close', () => {
          if (!res.writableFinished) up.destroy();
        });
        up.end(body);
      };
      attempt();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    routed(flowId) {
      const known = routes.get(flowId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve) => waiting.set(flowId, resolve));
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
