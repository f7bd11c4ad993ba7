import type { Server, Socket } from 'node:net';

/** The PostgreSQL port the tests run against, so its connections are named as such. */
const pgPort = (() => {
  try {
    return process.env.ERP_WIDGETS_TEST_PG_URL ? Number(new URL(process.env.ERP_WIDGETS_TEST_PG_URL).port || 5432) : undefined;
  } catch {
    return undefined;
  }
})();

function describeHandle(h: unknown): string | undefined {
  const name = (h as object).constructor?.name ?? typeof h;
  if (name === 'Socket' || name === 'TLSSocket') {
    const s = h as Socket & { fd?: number; _handle?: { fd?: number } };
    const fd = s._handle?.fd;
    if (fd !== undefined && fd >= 0 && fd <= 2) return undefined; // stdio
    if (!s.remotePort) return `a ${name} (fd ${fd ?? '?'})`;
    const what = s.remotePort === pgPort ? 'a PostgreSQL connection' : `a ${name}`;
    return `${what} ${s.localAddress}:${s.localPort} → ${s.remoteAddress}:${s.remotePort}`;
  }
  if (name === 'Server') {
    const a = (h as Server).address();
    return `a server listening on ${typeof a === 'string' ? a : `${a?.address}:${a?.port}`}`;
  }
  if (name === 'ChildProcess') {
    const c = h as { pid?: number; spawnargs?: string[] };
    return `a child process ${c.pid} (${(c.spawnargs ?? []).join(' ').slice(0, 120)})`;
  }
  return `a ${name}`;
}

/**
 * What keeps this process alive right now, in words: sockets with both ends (PostgreSQL ones named),
 * servers with their address, child processes, and the count of every other resource (timers…).
 */
export function describeOpenHandles(): string {
  const getHandles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles;
  const handles = getHandles.call(process).flatMap((h) => describeHandle(h) ?? []);
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) {
    if (/^(TCP|TLS|Pipe|TTY)\w*Wrap$/.test(r) || r === 'ProcessWrap') continue; // described above
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const others = [...counts].map(([r, n]) => `${n} × ${r}`);
  const all = [...handles, ...others];
  return all.length ? all.join('; ') : 'nothing visible (a pending promise?)';
}
