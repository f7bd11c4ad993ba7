// The Iamport verification against seed 004's own server (scripts/bench/seed-peer.mjs, issue 20): the adapter and
// the peer's two variants on the same stub upstream, load from the same generator (load.mjs, its own process),
// one run of each per round in an order rotated every round; the ratio is taken within each round.
import { join } from 'node:path';
import { median, type Proc, ROOT, startNode } from './procs.ts';
import { loadRun, type Run, type Target } from './throughput.ts';

export const PEER_VARIANTS = [
  { variant: 'reuse', name: 'seed 004 server, token reused' },
  { variant: 'per-request', name: 'seed 004 server as printed (token per request)' },
] as const;

export async function startPeers(apiBase: string): Promise<(Proc & { url: string; name: string })[]> {
  const dir = join(ROOT, '.test-tmp', `bench-${process.pid}-peer`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  return Promise.all(
    PEER_VARIANTS.map(async ({ variant, name }) => {
      const p = await startNode(
        ['scripts/bench/seed-peer.mjs', variant, apiBase, join(dir, `${variant}.db`)],
        (l) => (JSON.parse(l) as { port?: number }).port,
        name,
      );
      return { ...p, name, url: `http://127.0.0.1:${p.info}/certifications` };
    }),
  );
}

export interface PeerFigures {
  /** The adapter's requests/s ÷ the peer's, per round, and their median; per peer variant name. */
  ratios: Record<string, { perRound: number[]; median: number }>;
  /** Median requests/s and server CPU per request of each target. */
  runs: Record<string, { rps: number; cpuUsPerRequest: number }>;
  failures: string[];
}

export async function comparePeers(
  adapter: Target,
  peers: Target[],
  opts: { rounds: number; seconds: number; connections: number; log: (line: string) => void },
): Promise<PeerFigures> {
  const targets = [adapter, ...peers];
  for (const t of targets) await loadRun(t, 1, opts.connections); // warm-up
  const runs = new Map<string, Run[]>(targets.map((t) => [t.name, []]));
  const perRound = new Map<string, number[]>(peers.map((p) => [p.name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    const got = new Map<string, Run>();
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(i + round) % targets.length]!;
      got.set(t.name, await loadRun(t, opts.seconds, opts.connections));
    }
    const a = got.get(adapter.name)!;
    for (const [name, r] of got) runs.get(name)!.push(r);
    for (const p of peers) perRound.get(p.name)!.push(a.rps / got.get(p.name)!.rps);
    opts.log(
      `  round ${round} ` +
        targets
          .map((t) => `${t.name} ${Math.round(got.get(t.name)!.rps)} req/s ${Math.round(got.get(t.name)!.cpuUsPerRequest)} µs`)
          .join(' · ') +
        ` → ${peers.map((p) => `${(a.rps / got.get(p.name)!.rps).toFixed(2)}×`).join(', ')}`,
    );
  }
  return {
    ratios: Object.fromEntries([...perRound].map(([name, rs]) => [name, { perRound: rs, median: median(rs) }])),
    runs: Object.fromEntries(
      [...runs].map(([name, rs]) => [
        name,
        { rps: median(rs.map((r) => r.rps)), cpuUsPerRequest: median(rs.map((r) => r.cpuUsPerRequest)) },
      ]),
    ),
    failures: [...runs.values()].flat().flatMap((r) => (r.failure ? [`${r.target}: ${r.failure}`] : [])),
  };
}
