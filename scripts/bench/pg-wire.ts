// A counting proxy between an adapter and PostgreSQL for `npm run bench` (issue 20): how many statements,
// transactions and round trips one request costs, read off the wire (frontend/backend protocol v3), whatever the
// driver does. A round trip starts when the client sends while none of its earlier messages awaits an answer
// (Sync and simple Query each await one ReadyForQuery): pipelined statements share one.
import { createServer, type Socket, connect } from 'node:net';

export interface WireCounts {
  /** Execute and simple Query messages. */
  statements: number;
  /** Explicit transactions (BEGIN sent as a simple query or parsed). */
  transactions: number;
  roundTrips: number;
}

/** Splits a protocol stream into messages (type byte + int32 length); the client's untyped startup message is skipped. */
function messages(onMessage: (type: string, body: Buffer) => void, startup: boolean) {
  let buf = Buffer.alloc(0);
  let awaitingStartup = startup;
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (awaitingStartup) {
        if (buf.length < 4) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        buf = buf.subarray(len);
        awaitingStartup = false;
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      onMessage(String.fromCharCode(buf[0]!), buf.subarray(5, 1 + len));
      buf = buf.subarray(1 + len);
    }
  };
}

export async function startPgWireCounter(targetUrl: string): Promise<{ url: string; counts(): WireCounts; stop(): Promise<void> }> {
  const target = new URL(targetUrl);
  const totals: WireCounts = { statements: 0, transactions: 0, roundTrips: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let awaiting = 1; // the startup message awaits its ReadyForQuery
    let sending = false; // this burst of client messages already counted as a round trip
    const begins = (sql: string) => /^\s*(BEGIN|START TRANSACTION)\b/i.test(sql);
    const fromClient = messages((type, body) => {
      if (!['Q', 'P', 'B', 'E', 'S', 'D', 'C', 'H'].includes(type)) return;
      if (awaiting === 0 && !sending) totals.roundTrips += 1;
      sending = true;
      if (type === 'Q') {
        totals.statements += 1;
        awaiting += 1;
        if (begins(body.toString('utf8', 0, body.length - 1))) totals.transactions += 1;
      } else if (type === 'E') totals.statements += 1;
      else if (type === 'S') awaiting += 1;
      else if (type === 'P') {
        const nameEnd = body.indexOf(0);
        if (begins(body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)))) totals.transactions += 1;
      }
    }, true);
    const fromServer = messages((type) => {
      if (type !== 'Z') return;
      awaiting = Math.max(0, awaiting - 1);
      sending = false;
    }, false);
    client.on('data', (d: Buffer) => {
      fromClient(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      fromServer(d);
      client.write(d);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    counts: () => ({ ...totals }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
