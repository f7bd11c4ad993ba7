// The last table `npm run bench` prints: every row of issue 20's table, with the figure the issue measured, this
// run's, the goal and whether it is met. Sections not run (BENCH_ONLY) say so.
import type { MemoryFigures } from './memory.ts';
import type { PeerFigures } from './peer.ts';
import type { RoundTrips } from './round-trips.ts';
import type { ScaleFigures, ScaleRun } from './scale-out.ts';
import type { SizeRow } from './sizes.ts';
import type { RouteFigures } from './throughput.ts';

interface Figures {
  throughput?: { baseline: RouteFigures; subjects: RouteFigures[] };
  peers?: PeerFigures;
  peerNames: readonly string[];
  scale: ScaleFigures[];
  roundTrips: RoundTrips[];
  memory?: MemoryFigures;
  sizes: SizeRow[];
  rounds: number;
}

const SMALL = ['iamport-certify-button.js', 'benecafe-gate.js', 'ecount-connect.js'];
const ALL = ['erp-widgets.iife.js', 'erp-widgets.js'];
const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const us = (x: number) => `${Math.round(x).toLocaleString('en')} µs`;
const span = (xs: number[], f: (x: number) => string) => (xs.length ? `${f(Math.min(...xs))}–${f(Math.max(...xs))}` : '');
const yes = (ok: boolean | undefined) => (ok === undefined ? 'not run' : ok ? 'yes' : 'no');

export function printIssueTable(f: Figures): void {
  const rows: [figure: string, before: string, now: string, goal: string, met: string][] = [];
  const notRun = (figure: string, before: string, goal: string) => rows.push([figure, before, 'not run (BENCH_ONLY)', goal, 'not run']);

  const routes: [name: string, before: string, goal: number][] = [
    ['GET /health', '46% (median; 35–56)', 0.6],
    ['SmartBill callback', '10.7%, 264–325 µs CPU/req', 0.3],
    ['Iamport verification', '2.7%, 1,026–1,689 µs CPU/req', 0.2],
  ];
  for (const [name, before, goal] of routes) {
    const figure = `\`${name}\`, ratio to bare Hono`;
    const s = f.throughput?.subjects.find((x) => x.name === name);
    if (!s) notRun(figure, before, `≥ ${pct(goal)}`);
    else {
      const now = s.failures.length
        ? `FAILED (${s.failures[0]})`
        : `${pct(s.ratio)} (median; ${span(s.ratios, (x) => (100 * x).toFixed(1))}), ${us(s.cpuUsPerRequest)} CPU/req`;
      rows.push([figure, before, now, `≥ ${pct(goal)}`, s.failures.length ? 'no (failed)' : yes(s.ratio >= goal)]);
    }
  }

  const peerBefore = ['0.79×', '1.19×'];
  f.peerNames.forEach((name, i) => {
    const figure = `Iamport verification vs ${name}`;
    const r = f.peers?.ratios[name];
    if (!r) return notRun(figure, peerBefore[i] ?? '', '≥ 2×');
    const runs = f.peers!.runs;
    const cpu = `adapter ${us(runs['Iamport verification']?.cpuUsPerRequest ?? NaN)} vs peer ${us(runs[name]?.cpuUsPerRequest ?? NaN)} CPU/req`;
    rows.push([
      figure,
      peerBefore[i] ?? '',
      `${r.median.toFixed(2)}× (median; ${span(r.perRound, (x) => x.toFixed(2))}); ${cpu}`,
      '≥ 2×',
      f.peers!.failures.length ? 'no (failed)' : yes(r.median >= 2),
    ]);
  });

  const callback = f.scale.find((s) => s.route === 'SmartBill callback');
  const total = (r: ScaleRun | undefined) => (r ? r.adapterUs + r.pgUs : NaN);
  {
    const figure = 'SmartBill callback, CPU per request, PostgreSQL ÷ SQLite (adapter + database)';
    const before = '~7× (≈ 950 + 980 µs vs 280 µs)';
    if (!callback) notRun(figure, before, '≤ 2×');
    else {
      const pg = callback.setups['PostgreSQL ×1']!;
      const lite = callback.setups['SQLite ×1']!;
      const x = total(pg) / total(lite);
      rows.push([figure, before, `${x.toFixed(2)}× (${us(pg.adapterUs)} + ${us(pg.pgUs)} vs ${us(total(lite))})`, '≤ 2×', yes(x <= 2)]);
    }
  }
  const scaleBefore: Record<string, string> = { 'SmartBill callback': '0.50–0.77×', 'Iamport verification': '0.83–0.98×' };
  for (const route of ['SmartBill callback', 'Iamport verification']) {
    const figure = `3 PostgreSQL instances ÷ 1, on 2 cores: ${route}`;
    const goal = '≥ 0.9×, and CPU/req with 3 ≤ 1.3× one';
    const s = f.scale.find((x) => x.route === route);
    if (!s) {
      notRun(figure, scaleBefore[route]!, goal);
      continue;
    }
    const cpu = total(s.setups['PostgreSQL ×3']) / total(s.setups['PostgreSQL ×1']);
    rows.push([
      figure,
      scaleBefore[route]!,
      s.failures.length
        ? `FAILED (${s.failures[0]})`
        : `${s.ratio.toFixed(2)}× (median; ${span(s.ratios, (x) => x.toFixed(2))}); CPU/req 3 ÷ 1: ${cpu.toFixed(2)}× ` +
          `(${us(total(s.setups['PostgreSQL ×3']))} vs ${us(total(s.setups['PostgreSQL ×1']))})`,
      goal,
      s.failures.length ? 'no (failed)' : yes(s.ratio >= 0.9 && cpu <= 1.3),
    ]);
  }
  const before: Record<string, string> = {
    'SmartBill callback': '6 statements, 6 round trips, 1 transaction (before this work)',
    'Iamport verification': '14, 14, 3 (before this work)',
  };
  for (const route of ['SmartBill callback', 'Iamport verification']) {
    const figure = `PostgreSQL work of one ${route} (statements, round trips, transactions)`;
    const goal = route === 'SmartBill callback' ? '1 round trip per transaction' : 'rate-limit row off the durable path';
    const r = f.roundTrips.find((x) => x.route === route)?.perRequest;
    if (!r) notRun(figure, before[route]!, goal);
    else {
      const now = `${r.statements.toFixed(1)} statements, ${r.roundTrips.toFixed(1)} round trips, ${r.transactions.toFixed(1)} transactions`;
      const met = route === 'SmartBill callback' ? yes(r.transactions > 0 && r.roundTrips / r.transactions <= 1) : '(see row above)';
      rows.push([figure, before[route]!, now, goal, met]);
    }
  }

  if (!f.memory) notRun('idle RSS of the adapter', '85 MB', '≤ 64 MB');
  else {
    const mb = f.memory.idleRssKb / 1024;
    rows.push(['idle RSS of the adapter', '85 MB', `${mb.toFixed(1)} MB`, '≤ 64 MB', yes(mb <= 64)]);
  }

  const sizeRow = (figure: string, before: string, entries: string[]) => {
    const got = entries.map((e) => f.sizes.find((s) => s.entry === e)).filter((s): s is SizeRow => !!s);
    if (!got.length) return notRun(figure, before, entries === SMALL ? '≤ 9 kB' : '≤ 25 kB');
    rows.push([
      figure,
      before,
      got.map((s) => `\`${s.entry.replace(/\.js$/, '')}\` ${s.gzipKb.toFixed(2)} kB`).join('; '),
      `≤ ${got[0]!.goalKb} kB`,
      yes(got.every((s) => s.gzipKb <= s.goalKb)),
    ]);
  };
  sizeRow('small elements, min+gzip', '`iamport-certify-button` 12.46 kB; `benecafe-gate` and `ecount-connect` 11.21 kB', SMALL);
  sizeRow('all elements, min+gzip', 'IIFE 25.56 kB, ESM 25.72 kB', ALL);

  console.log(`\nIssue 20's table, this run (${f.rounds} alternated rounds; ratios within this run)\n`);
  console.log('| figure | issue 20 (before) | this run | goal | met |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
