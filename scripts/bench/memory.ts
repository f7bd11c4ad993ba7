// Adapter memory (issue 10): resident memory of an idle adapter process, and
// what each open SmartBill long-poll adds (memory, and CPU while they wait),
// the waiters opened from another process.
import { type AdapterProc } from './adapter-process.ts';
import { cpuMicros, rssKb, sleep, startNode } from './procs.ts';

export interface MemoryFigures {
  idleRssKb: number;
  waiters: number;
  rssBeforeKb: number;
  rssWithWaitersKb: number;
  perWaiterKb: number;
  /** CPU of the adapter while the waiters wait, in % of one core. */
  waitingCpuPercent: number;
  idleCpuPercent: number;
}

export async function measureMemory(
  adapter: AdapterProc,
  waiters: number,
  headers: Record<string, string>,
  log: (line: string) => void,
): Promise<MemoryFigures> {
  await fetch(`${adapter.url}/health`).then((r) => r.arrayBuffer());
  await sleep(1500);
  const idleRssKb = rssKb(adapter.pid);
  const cpuWindow = async () => {
    const c0 = cpuMicros(adapter.pid);
    const t0 = performance.now();
    await sleep(5000);
    return (100 * (cpuMicros(adapter.pid) - c0)) / ((performance.now() - t0) * 1000);
  };
  const idleCpuPercent = await cpuWindow();

  const client = await startNode(
    ['scripts/bench/long-polls.mjs', JSON.stringify({ url: adapter.url, n: waiters, headers })],
    (line) => (line.startsWith('{"created"') ? (JSON.parse(line) as { created: number }) : undefined),
    'long-poll client',
  );
  try {
    await sleep(1500);
    const rssBeforeKb = rssKb(adapter.pid);
    client.child.stdin!.write('go\n');
    const opened = await client.lines.next();
    if (opened.done || !opened.value.startsWith('{"open"')) throw new Error('the long-poll client did not open its waiters');
    await sleep(3000); // every request received and parked
    const rssWithWaitersKb = rssKb(adapter.pid);
    const waitingCpuPercent = await cpuWindow();
    client.child.stdin!.end(); // the client closes its sockets and says how many waits ended early
    const last = await client.lines.next();
    const early = last.done ? NaN : (JSON.parse(last.value) as { answeredBeforeStop: number }).answeredBeforeStop;
    if (early !== 0) throw new Error(`${early} of ${waiters} long-polls were answered before the measurement ended (refused or cut short)`);
    const figures = {
      idleRssKb,
      waiters,
      rssBeforeKb,
      rssWithWaitersKb,
      perWaiterKb: (rssWithWaitersKb - rssBeforeKb) / waiters,
      waitingCpuPercent,
      idleCpuPercent,
    };
    log(
      `  idle RSS ${(idleRssKb / 1024).toFixed(1)} MB; before waiters ${(rssBeforeKb / 1024).toFixed(1)} MB, with ${waiters} ` +
        `${(rssWithWaitersKb / 1024).toFixed(1)} MB; CPU idle ${idleCpuPercent.toFixed(1)}%, waiting ${waitingCpuPercent.toFixed(1)}% of a core`,
    );
    return figures;
  } finally {
    client.child.stdin!.end();
    await client.stop();
  }
}
