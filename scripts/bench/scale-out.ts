// Several instances on PostgreSQL (issue 20 on 2 cores: 3 instances ≥ 0.9× one, CPU per request ≤ 1.3× one): the SmartBill
// callback and the Iamport verification, each against one adapter on SQLite, one
// adapter on PostgreSQL, and three adapters on the same PostgreSQL (autocannon
// spreads its connections over the three URLs, as a load balancer would), load from
// another process, the three kinds of run alternated within each round. Server CPU
// per request from /proc: the adapters', PostgreSQL's, and the whole machine's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../postgres.mjs';
import { type AdapterProc, benchAuthHeader, smartbillBenchConfig, startAdapterProcess } from './adapter-process.ts';
import { cpuMicros, median, runNodeJson, startNode } from './procs.ts';
import { countRoundTrips, type RoundTrips } from './round-trips.ts';

type Kind = 'callback' | 'verify';
interface Setup {
  name: string;
  urls: string[];
  pids: number[];
}
interface LoadResult {
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}
export interface ScaleRun {
  rps: number;
  adapterUs: number;
  pgUs: number;
  /** Cores busy on the whole machine during the run (every process, ours and others'). */
  cores: number;
  failure?: string;
}
export interface ScaleFigures {
  route: string;
  /** Medians per setup name ('SQLite ×1', 'PostgreSQL ×1', 'PostgreSQL ×3'). */
  setups: Record<string, ScaleRun>;
  /** PostgreSQL ×3 ÷ PostgreSQL ×1, per round, and their median. */
  ratios: number[];
  ratio: number;
  failures: string[];
}

/**
 * CPU of PostgreSQL so far, in µs: the postmaster's own and its reaped backends' (cutime/cstime), plus the live
 * backends' (every process whose parent is the postmaster). A backend that exits moves from one sum to the other.
 */
function postgresCpuMicros(dataDir: string): number {
  const master = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const fields = (pid: number | string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  };
  const m = fields(master);
  let ticks = Number(m[11]) + Number(m[12]) + Number(m[13]) + Number(m[14]);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fields(d);
      if (Number(f[1]) === master) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1e6) / 100; // USER_HZ
}
const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMicros(pid), 0);
/** Busy time of every core of the machine (all processes, ours and others'), in µs. */
function machineBusyMicros(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return ((total - f[3]! - f[4]!) * 1e6) / 100; // minus idle and iowait; USER_HZ 100
}

let runNo = 0;
async function run(setup: Setup, kind: Kind, seconds: number, connections: number, pgDataDir: string): Promise<ScaleRun> {
  const headers = kind === 'verify' ? await benchAuthHeader('iamport:certify') : undefined;
  const path = kind === 'verify' ? '/iamport/certifications' : '/smartbill/callback';
  const [a0, p0, m0, t0] = [cpuOf(setup.pids), postgresCpuMicros(pgDataDir), machineBusyMicros(), performance.now()];
  const r = await runNodeJson<LoadResult>([
    'scripts/bench/load.mjs',
    JSON.stringify({ url: setup.urls.map((u) => `${u}${path}`), kind, connections, seconds, run: ++runNo, headers }),
  ]);
  const n = Math.max(1, r.total);
  const failed = r.non2xx + r.errors + r.timeouts;
  return {
    rps: r.ok / r.seconds,
    adapterUs: (cpuOf(setup.pids) - a0) / n,
    pgUs: (postgresCpuMicros(pgDataDir) - p0) / n,
    cores: (machineBusyMicros() - m0) / ((performance.now() - t0) * 1000),
    failure: failed ? `${failed} of ${r.total} failed (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : undefined,
  };
}

export async function measureScaleOut(opts: {
  rounds: number;
  seconds: number;
  connections: number;
  log: (line: string) => void;
}): Promise<{ scale: ScaleFigures[]; roundTrips: RoundTrips[] }> {
  // Durable (fsync on), as in production: each commit waits for PostgreSQL's WAL flush.
  const pg = await startThrowawayPostgres({ durable: true });
  const procs: { stop(): Promise<void> }[] = [];
  try {
    const stub = await startNode(['scripts/bench/iamport-stub.mjs'], (l) => (JSON.parse(l) as { port?: number }).port, 'iamport stub');
    procs.push(stub);
    const smartbill = smartbillBenchConfig(); // one key for all instances: they read each other's rows
    // Without a store the bench's own throwaway SQLite file.
    // No rate limiter here: all load comes from one address, whose bucket would be one hot row every instance
    // updates in turn (a serial point of its own; the limiter's cost is in the throughput section).
    const config = (store?: object) => ({
      ...(store ? { store } : {}),
      limits: { perIp: null, perToken: null },
      smartbill,
      iamport: { impKey: 'bench-imp-key', impSecret: 'bench-imp-secret-0123456789', apiBase: `http://127.0.0.1:${stub.info}` },
    });
    const sqlite = await startAdapterProcess('scale-sqlite', config());
    procs.push(sqlite);
    const pgAdapters: AdapterProc[] = [];
    for (let i = 0; i < 3; i++) {
      pgAdapters.push(await startAdapterProcess(`scale-pg-${i}`, config({ postgres: { url: pg.url } })));
      procs.push(pgAdapters[i]!);
    }
    const setups: Setup[] = [
      { name: 'SQLite ×1', urls: [sqlite.url], pids: [sqlite.pid] },
      { name: 'PostgreSQL ×1', urls: [pgAdapters[0]!.url], pids: [pgAdapters[0]!.pid] },
      { name: 'PostgreSQL ×3', urls: pgAdapters.map((a) => a.url), pids: pgAdapters.map((a) => a.pid) },
    ];
    const dataDir = join(pg.dir, 'data');
    const out: ScaleFigures[] = [];
    for (const [kind, route] of [
      ['callback', 'SmartBill callback'],
      ['verify', 'Iamport verification'],
    ] as const) {
      for (const s of setups) await run(s, kind, 1, opts.connections, dataDir); // warm-up: JIT, pools, the upstream token
      const runs = new Map<string, ScaleRun[]>(setups.map((s) => [s.name, []]));
      const ratios: number[] = [];
      for (let round = 1; round <= opts.rounds; round++) {
        // Rotated each round, so a drift of the shared machine does not favour one setup.
        const order = setups.map((_, i) => setups[(i + round) % setups.length]!);
        const got = new Map<string, ScaleRun>();
        for (const s of order) got.set(s.name, await run(s, kind, opts.seconds, opts.connections, dataDir));
        for (const [name, r] of got) runs.get(name)!.push(r);
        const ratio = got.get('PostgreSQL ×3')!.rps / got.get('PostgreSQL ×1')!.rps;
        ratios.push(ratio);
        opts.log(
          `  round ${round} ${route.padEnd(22)} ` +
            setups.map((s) => `${s.name} ${fmt(got.get(s.name)!)}`).join('  ') +
            `  3 vs 1 ${ratio.toFixed(2)}×`,
        );
      }
      const med = (name: string): ScaleRun => {
        const rs = runs.get(name)!;
        return {
          rps: median(rs.map((r) => r.rps)),
          adapterUs: median(rs.map((r) => r.adapterUs)),
          pgUs: median(rs.map((r) => r.pgUs)),
          cores: median(rs.map((r) => r.cores)),
        };
      };
      out.push({
        route,
        setups: Object.fromEntries(setups.map((s) => [s.name, med(s.name)])),
        ratios,
        ratio: median(ratios),
        failures: [...runs.values()].flat().flatMap((r) => (r.failure ? [r.failure] : [])),
      });
    }
    // Counted last, alone on the machine's PostgreSQL: a fourth adapter behind a counting proxy.
    return { scale: out, roundTrips: await countRoundTrips(pg.url, `http://127.0.0.1:${stub.info}`) };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    pg.stop();
  }
}

const fmt = (r: ScaleRun) =>
  r.failure ? `FAILED ${r.failure}` : `${Math.round(r.rps)} req/s (${Math.round(r.adapterUs)}+${Math.round(r.pgUs)} µs)`;
