// Adapter throughput against a bare Hono hello (SPEC §3): every server in its
// own process, load from another (autocannon), subject runs alternated with
// baseline runs, each ratio taken against the baseline runs on either side.
import { cpuMicros, median, runNodeJson } from './procs.ts';

export interface Target {
  name: string;
  url: string;
  kind: 'get' | 'callback' | 'verify';
  pid: number;
  /** Called before each run (a fresh page token each time). */
  headers?: () => Promise<Record<string, string>>;
}

interface LoadResult {
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  statuses: Record<string, number>;
}

export interface Run {
  target: string;
  rps: number;
  /** Every answer, 2xx or not. */
  requests: number;
  cpuUsPerRequest: number;
  /** Why the run does not count as throughput (non-2xx answers, errors, timeouts). */
  failure?: string;
}

let runId = 0;

export async function loadRun(t: Target, seconds: number, connections: number): Promise<Run> {
  const args = { url: t.url, kind: t.kind, connections, seconds, run: ++runId, headers: await t.headers?.() };
  const before = cpuMicros(t.pid);
  const r = await runNodeJson<LoadResult>(['scripts/bench/load.mjs', JSON.stringify(args)]);
  const cpu = cpuMicros(t.pid) - before;
  const failed = r.non2xx + r.errors + r.timeouts;
  const other = Object.entries(r.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n}× ${code}`)
    .join(', ');
  return {
    target: t.name,
    rps: r.ok / r.seconds,
    requests: r.total,
    cpuUsPerRequest: cpu / Math.max(1, r.total),
    failure: failed
      ? `${failed} of ${r.total} failed (${[other, r.errors && `${r.errors} errors`, r.timeouts && `${r.timeouts} timeouts`].filter(Boolean).join(', ')})`
      : undefined,
  };
}

export interface RouteFigures {
  name: string;
  /** Median over rounds of subject / mean(neighbouring baseline runs). */
  ratio: number;
  ratios: number[];
  rps: number;
  cpuUsPerRequest: number;
  failures: string[];
}

/**
 * Runs `rounds` rounds of B S1 B S2 B S3 … B (B = baseline) and returns, per
 * subject, the median ratio to the baseline runs next to it, and the medians
 * of its requests/s and server CPU per request.
 */
export async function alternate(
  baseline: Target,
  subjects: Target[],
  opts: { rounds: number; seconds: number; connections: number; log: (line: string) => void },
): Promise<{ baseline: RouteFigures; subjects: RouteFigures[] }> {
  // Warm-up (JIT, SQLite page cache, the upstream token), not counted.
  for (const t of [baseline, ...subjects]) {
    const w = await loadRun(t, 1, opts.connections);
    if (w.failure) opts.log(`  warm-up ${t.name}: ${w.failure}`);
  }
  const baseRuns: Run[] = [await loadRun(baseline, opts.seconds, opts.connections)];
  const subjectRuns = new Map<string, { run: Run; ratio: number }[]>(subjects.map((s) => [s.name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const s of subjects) {
      const run = await loadRun(s, opts.seconds, opts.connections);
      const before = baseRuns.at(-1)!;
      const after = await loadRun(baseline, opts.seconds, opts.connections);
      baseRuns.push(after);
      const base = (before.rps + after.rps) / 2;
      subjectRuns.get(s.name)!.push({ run, ratio: run.rps / base });
      opts.log(
        `  round ${round} ${s.name.padEnd(24)} ${fmtRun(run)}  ratio ${(100 * (run.rps / base)).toFixed(1)}% ` +
          `(bare ${Math.round(before.rps)}→${Math.round(after.rps)} req/s, ${Math.round(after.cpuUsPerRequest)} µs)`,
      );
    }
  }
  const figures = (name: string, runs: Run[], ratios: number[]): RouteFigures => ({
    name,
    ratio: median(ratios),
    ratios,
    rps: median(runs.map((r) => r.rps)),
    cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
    failures: runs.flatMap((r) => (r.failure ? [r.failure] : [])),
  });
  return {
    baseline: figures(
      baseline.name,
      baseRuns,
      baseRuns.map(() => 1),
    ),
    subjects: subjects.map((s) => {
      const runs = subjectRuns.get(s.name)!;
      return figures(
        s.name,
        runs.map((r) => r.run),
        runs.map((r) => r.ratio),
      );
    }),
  };
}

const fmtRun = (r: Run) =>
  r.failure
    ? `FAILED ${r.failure}`
    : `${String(Math.round(r.rps)).padStart(6)} req/s ${String(Math.round(r.cpuUsPerRequest)).padStart(5)} µs/req`;
