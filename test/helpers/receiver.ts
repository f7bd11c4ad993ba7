import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * An ERP's webhook endpoint on a loopback port: `answer` decides each status
 * (and may add headers, e.g. a redirect's Location). Every request is kept.
 */
export async function startReceiver(
  answer: (hit: Omit<Hit, 'status'>, n: number) => number | { status: number; headers: Record<string, string> },
  port = 0,
) {
  const hits: Hit[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const a = answer(hit, hits.length + 1);
      const { status, headers } = typeof a === 'number' ? { status: a, headers: {} } : a;
      hits.push({ ...hit, status });
      res.writeHead(status, headers).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    /** Resolves once `pred(hits)` holds (checked on every new hit); rejects after `giveUpMs` so a test cannot hang. */
    async until(pred: (hits: Hit[]) => boolean, giveUpMs = 30_000): Promise<void> {
      const giveUp = Date.now() + giveUpMs;
      while (!pred(hits)) {
        const left = giveUp - Date.now();
        if (left <= 0) throw new Error(`receiver: condition never met after ${hits.length} requests`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
