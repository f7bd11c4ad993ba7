import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  id: string;
  /** The adapter process that sent it (found from the TCP connection), or 0 when unknown. */
  senderPid: number;
}

/**
 * Which of `pids` owns the local end of a loopback TCP connection to `port` from `remotePort`:
 * /proc/net/tcp gives the socket's inode, /proc/PID/fd the process holding it.
 */
function ownerOf(remotePort: number, port: number, pids: number[]): number {
  const hex = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  const line = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .find((l) => {
      const f = l.trim().split(/\s+/);
      return f[1]?.endsWith(`:${hex(remotePort)}`) && f[2]?.endsWith(`:${hex(port)}`);
    });
  const inode = line?.trim().split(/\s+/)[9];
  if (!inode) return 0;
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      }
    } catch {
      // gone
    }
  }
  return 0;
}

/**
 * An ERP's webhook endpoint over https on loopback: verifies every delivery with
 * standardwebhooks, answers 200 after `delayMs`, and keeps each webhook-id with
 * the adapter process that sent it.
 */
export async function startWebhookReceiver(tls: { key: Buffer; cert: Buffer }, secret: string, pids: () => number[], delayMs = 20) {
  const verifier = new Webhook(secret);
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  const senders = new WeakMap<object, number>();
  const server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch (err) {
        rejected.push((err as Error).message);
        res.writeHead(400).end();
        return;
      }
      // Looked up once per connection, while it is open (keep-alive: one lookup for many deliveries).
      let pid = senders.get(req.socket);
      if (pid === undefined) senders.set(req.socket, (pid = ownerOf(req.socket.remotePort!, port, pids())));
      deliveries.push({ id: String(req.headers['webhook-id']), senderPid: pid });
      setTimeout(() => res.writeHead(200).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/hooks`,
    deliveries,
    rejected,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
