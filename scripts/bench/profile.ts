// `node --import tsx scripts/bench/profile.ts <health|callback|verify> [seconds]`:
// runs one route under load (autocannon in its own process, the Iamport stub in
// another) with the adapter under `node --cpu-prof`, then prints where the
// adapter's CPU time went: top functions by self time, and by file.
import { readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchAuthHeader, smartbillBenchConfig, startAdapterProcess } from './adapter-process.ts';
import { ROOT, startNode } from './procs.ts';
import { loadRun, type Target } from './throughput.ts';

const route = (process.argv[2] ?? 'health') as 'health' | 'callback' | 'verify';
const seconds = Number(process.argv[3] ?? 5);
const dir = join(ROOT, '.test-tmp', `profile-${process.pid}`);
mkdirSync(dir, { recursive: true });

const stub = await startNode(['scripts/bench/iamport-stub.mjs'], (l) => (JSON.parse(l) as { port: number }).port, 'iamport stub');
const adapter = await startAdapterProcess(
  'profile',
  {
    iamport: { impKey: 'bench-imp-key', impSecret: 'bench-imp-secret-0123456789', apiBase: `http://127.0.0.1:${stub.info}` },
    smartbill: smartbillBenchConfig(),
  },
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
);
const paths: Record<typeof route, string> = { health: '/health', callback: '/smartbill/callback', verify: '/iamport/certifications' };
const target: Target = {
  name: route,
  url: `${adapter.url}${paths[route]}`,
  kind: route === 'health' ? 'get' : route,
  pid: adapter.pid,
  headers: route === 'verify' ? () => benchAuthHeader('iamport:certify') : undefined,
};
await loadRun(target, 1, 32); // warm-up
// Only the samples taken while the measured load ran count (V8's profile clock is CLOCK_MONOTONIC, as hrtime).
const windowStart = Number(process.hrtime.bigint() / 1000n);
const run = await loadRun(target, seconds, 32);
const windowEnd = Number(process.hrtime.bigint() / 1000n);
console.log(
  `${route}: ${Math.round(run.rps)} req/s, ${Math.round(run.cpuUsPerRequest)} µs CPU/request${run.failure ? `, FAILED ${run.failure}` : ''}`,
);
await adapter.stop();
await stub.stop();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};
rmSync(dir, { recursive: true, force: true });

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= windowStart && at <= windowEnd) self.set(id, (self.get(id) ?? 0) + delta);
});
const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(ROOT + '/', '')
    .replace(/^node_modules\//, '');
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
let busy = 0;
const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const name = n.callFrame.functionName || '(anonymous)';
  if (name === '(idle)') continue;
  busy += t;
  const key = idle.has(name) ? name : `${name} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + t);
  const f = idle.has(name) ? name : short(n.callFrame.url) || '(native)';
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + t);
}
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(`busy time ${(busy / 1e6).toFixed(2)} s while the measured load ran\nTop functions by self time:\n${top(fnSelf, 25)}`);
console.log(`By file:\n${top(fileSelf, 15)}`);
