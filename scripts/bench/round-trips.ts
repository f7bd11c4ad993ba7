// PostgreSQL statements, transactions and round trips of one SmartBill callback and one Iamport verification
// (issue 20), read off the wire by a counting proxy (pg-wire.ts) in front of a throwaway PostgreSQL: an adapter
// with the production defaults (rate limiter on), warmed up, then requests sent one at a time.
import { type AdapterProc, benchAuthHeader, smartbillBenchConfig, startAdapterProcess } from './adapter-process.ts';
import { startPgWireCounter, type WireCounts } from './pg-wire.ts';

export interface RoundTrips {
  route: string;
  perRequest: WireCounts;
}

const REQUESTS = 40;
let n = 0;
const bodies = {
  callback: () => {
    const id = `9${String(++n).padStart(11, '0')}`;
    return {
      COM_REGNO: id.slice(2),
      AUTH_TOKEN: `token-${id}`,
      AUTH_CODE: `code${id}`,
      Email: 'b@example.kr',
      pID: 'bench',
      SBID: `sb${id}`,
      regYn: 'Y',
    };
  },
  verify: () => {
    const imp = `imp_rt${++n}`;
    return { imp_uid: imp, merchant_uid: `m_${imp}` };
  },
};

async function send(adapter: AdapterProc, kind: 'callback' | 'verify'): Promise<void> {
  const path = kind === 'callback' ? '/smartbill/callback' : '/iamport/certifications';
  const headers = { 'content-type': 'application/json', ...(kind === 'verify' ? await benchAuthHeader('iamport:certify') : {}) };
  const res = await fetch(`${adapter.url}${path}`, { method: 'POST', headers, body: JSON.stringify(bodies[kind]()) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
}

export async function countRoundTrips(pgUrl: string, apiBase: string): Promise<RoundTrips[]> {
  const wire = await startPgWireCounter(pgUrl);
  let adapter: AdapterProc | undefined;
  try {
    adapter = await startAdapterProcess('round-trips', {
      store: { postgres: { url: wire.url } },
      smartbill: smartbillBenchConfig(),
      iamport: { impKey: 'bench-imp-key', impSecret: 'bench-imp-secret-0123456789', apiBase },
      limits: { perIp: { capacity: 1_000_000, refillPerSecond: 100_000 }, perToken: { capacity: 1_000_000, refillPerSecond: 100_000 } },
    });
    const out: RoundTrips[] = [];
    for (const [kind, route] of [
      ['callback', 'SmartBill callback'],
      ['verify', 'Iamport verification'],
    ] as const) {
      for (let i = 0; i < 5; i++) await send(adapter, kind); // warm-up: statements prepared, the upstream token cached
      const before = wire.counts();
      for (let i = 0; i < REQUESTS; i++) await send(adapter, kind);
      const after = wire.counts();
      const per = (k: keyof WireCounts) => (after[k] - before[k]) / REQUESTS;
      out.push({ route, perRequest: { statements: per('statements'), transactions: per('transactions'), roundTrips: per('roundTrips') } });
    }
    return out;
  } finally {
    await adapter?.stop();
    await wire.stop();
  }
}
