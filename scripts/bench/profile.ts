// `node --import tsx scripts/bench/profile.ts <health|callback|verify|peer|peer-per-request> [seconds] [--postgres]`:
// runs one route under load (autocannon in its own process, the Iamport stub in another) with the server under
// `node --cpu-prof`, then prints where its CPU went: by step of the request (µs per request), top functions by
// self time, and by file. `peer*` profiles seed 004's Express server (scripts/bench/seed-peer.mjs) instead.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../postgres.mjs';
import { benchAuthHeader, smartbillBenchConfig, startAdapterProcess } from './adapter-process.ts';
import { ROOT, startNode } from './procs.ts';
import { stepsOf } from './profile-steps.ts';
import { loadRun, type Target } from './throughput.ts';

const route = (process.argv[2] ?? 'health') as 'health' | 'callback' | 'verify' | 'peer' | 'peer-per-request';
const seconds = Number(process.argv[3] ?? 5);
const onPostgres = process.argv.includes('--postgres');
const dir = join(ROOT, '.test-tmp', `profile-${process.pid}`);
mkdirSync(dir, { recursive: true });
const profiling = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'];

const stub = await startNode(['scripts/bench/iamport-stub.mjs'], (l) => (JSON.parse(l) as { port: number }).port, 'iamport stub');
const apiBase = `http://127.0.0.1:${stub.info}`;
const pg = onPostgres ? await startThrowawayPostgres({ durable: true }) : undefined;
const peer = route.startsWith('peer');
const server = peer
  ? await startNode(
      [...profiling, 'scripts/bench/seed-peer.mjs', route === 'peer' ? 'reuse' : 'per-request', apiBase, join(dir, 'peer.db')],
      (l) => (JSON.parse(l) as { port: number }).port,
      'seed peer',
    ).then((p) => ({ ...p, url: `http://127.0.0.1:${p.info}` }))
  : await startAdapterProcess(
      'profile',
      {
        ...(pg ? { store: { postgres: { url: pg.url } } } : {}),
        iamport: { impKey: 'bench-imp-key', impSecret: 'bench-imp-secret-0123456789', apiBase },
        smartbill: smartbillBenchConfig(),
      },
      profiling,
    );
const paths = { health: '/health', callback: '/smartbill/callback', verify: '/iamport/certifications', peer: '/certifications' };
const target: Target = {
  name: route,
  url: `${server.url}${paths[peer ? 'peer' : (route as keyof typeof paths)]}`,
  kind: route === 'health' ? 'get' : route === 'callback' ? 'callback' : 'verify',
  pid: server.pid,
  headers: route === 'verify' ? () => benchAuthHeader('iamport:certify') : undefined,
};
await loadRun(target, 1, 32); // warm-up
// Only the samples taken while the measured load ran count (V8's profile clock is CLOCK_MONOTONIC, as hrtime).
const windowStart = Number(process.hrtime.bigint() / 1000n);
const run = await loadRun(target, seconds, 32);
const windowEnd = Number(process.hrtime.bigint() / 1000n);
console.log(
  `${route}${pg ? ' (PostgreSQL)' : ''}: ${Math.round(run.rps)} req/s, ${Math.round(run.cpuUsPerRequest)} µs CPU/request ` +
    `(profiler on)${run.failure ? `, FAILED ${run.failure}` : ''}`,
);
await server.stop();
await stub.stop();
pg?.stop();

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Parameters<typeof stepsOf>[0];
rmSync(dir, { recursive: true, force: true });

const { busyUs, steps, functions, files } = stepsOf(profile, windowStart, windowEnd, ROOT);
// Shares of the profile (wall-clock samples) applied to the process's CPU time from /proc: on a shared machine a
// sampled thread is often descheduled, and wall time would charge that to whatever it was doing.
const perRequest = run.cpuUsPerRequest;
const top = (m: Map<string, number>, n: number, unit = false) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, t]) =>
        `  ${((100 * t) / busyUs).toFixed(1).padStart(5)}%${unit ? `  ${String(Math.round((t / busyUs) * perRequest)).padStart(5)} µs/req` : ''}  ${k}`,
    )
    .join('\n');
console.log(
  `busy ${(busyUs / 1e6).toFixed(2)} s sampled while the measured load ran (${Math.round(busyUs / Math.max(1, run.requests))} µs wall ` +
    `per request); µs below = share × ${Math.round(perRequest)} µs CPU per request`,
);
console.log(`By step (innermost adapter step on the stack, else the library or Node layer the sample is in):\n${top(steps, 30, true)}`);
console.log(`Top functions by self time:\n${top(functions, 25)}`);
console.log(`By file:\n${top(files, 15)}`);
