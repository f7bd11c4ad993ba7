// First render (SPEC §3): the first element on a freshly loaded page, from its
// definition to rendered and laid out, in headless Chromium. Each sample is a
// new page load whose scripts are served `no-store` with a comment unique to the
// load (no HTTP, code or in-memory compilation cache reuse: a cold start for
// the element's code), on a page served cross-origin isolated (COOP same-origin
// + COEP require-corp) so performance.now() is not coarsened to 100 µs. The page
// has its own text, laid out before the element is defined, as on any real page.
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { median, percentile, ROOT } from './procs.ts';

/** Attributes that make each element render as on the demo pages (no network needed for the first render). */
const ATTRIBUTES: Record<string, string> = {
  'iamport-certify-button': 'adapter="/api" merchant-code="imp00000000" pg="danal" sdk-src="/api/sandbox/iamport/iamport.js"',
  'smartbill-signup-form': `adapter="/api" env="demo" readonly-fields="pComRegNo pID" prefill='{"pComRegNo":"1000000004","pComName":"주식회사 데모상사","pID":"erp-demo-user"}'`,
  'benecafe-gate': 'adapter="/api"',
};

export interface RenderCase {
  bundle: string; // file in dist/
  tag: string;
  classic?: boolean;
}

export interface RenderFigures extends RenderCase {
  samples: number;
  median: number;
  p95: number;
  /** Medians of the phases, ms: upgrade (define → constructor + connectedCallback done), render (→ updateComplete), layout. */
  phases: { upgrade: number; render: number; layout: number };
}

// Runs before the bundle: times the tag's definition and, once defined, its
// first update and a forced layout of what it rendered.
const probe = (tag: string) => `
const TAG = ${JSON.stringify(tag)};
const define = CustomElementRegistry.prototype.define;
CustomElementRegistry.prototype.define = function (name, ctor, options) {
  if (name !== TAG || this !== customElements) return define.call(this, name, ctor, options);
  document.body.getBoundingClientRect(); // the page's own layout is not the element's
  performance.mark('first-render-start');
  const t0 = performance.now();
  define.call(this, name, ctor, options); // upgrades the element already in the page
  const t1 = performance.now();
  const el = document.querySelector(TAG);
  Promise.resolve(el.updateComplete).then(() => {
    const t2 = performance.now();
    const root = el.shadowRoot;
    let box = el.getBoundingClientRect();
    for (const child of root ? root.children : []) box = child.getBoundingClientRect(); // forces style + layout
    const t3 = performance.now();
    performance.mark('first-render-end');
    window.__firstRender = {
      isolated: crossOriginIsolated,
      upgrade: t1 - t0, render: t2 - t1, layout: t3 - t2, total: t3 - t0,
      rendered: !!root && root.querySelector('button, input, a, select, textarea, [role]') !== null,
      height: box.height,
    };
  }, (err) => { window.__firstRender = { error: String(err) }; });
};`;

const page = (c: RenderCase) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>first render</title>
<script src="/probe.js"></script>
<script ${c.classic ? 'defer' : 'type="module"'} src="/dist/${c.bundle}"></script>
</head><body><main><h1>거래처 관리 · Customers</h1>
<p>사업자등록번호와 담당자 정보를 확인하세요. Check the business number and the contact before you continue.</p>
<${c.tag} ${ATTRIBUTES[c.tag] ?? 'adapter="/api"'}></${c.tag}></main></body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };

async function serveIsolated(current: { case?: RenderCase; sample: number }): Promise<{ server: Server; origin: string }> {
  const dist = join(ROOT, 'dist');
  const server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const c = current.case!;
    if (path === '/') return res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] }).end(page(c));
    if (path === '/probe.js') return res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js'] }).end(probe(c.tag));
    if (path.startsWith('/dist/')) {
      const file = normalize(join(dist, path.slice(6)));
      if (file.startsWith(dist) && existsSync(file)) {
        return res
          .writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(readFileSync(file));
      }
    }
    // The elements' adapter calls (none are needed to render) get a JSON 404.
    res.writeHead(404, { ...headers, 'Content-Type': 'application/json' }).end('{"error":{"code":"not_found","message":"bench"}}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

export async function measureFirstRender(
  browser: Browser,
  cases: RenderCase[],
  samples: number,
  log: (line: string) => void,
): Promise<RenderFigures[]> {
  const current: { case?: RenderCase; sample: number } = { sample: 0 };
  const { server, origin } = await serveIsolated(current);
  const out: RenderFigures[] = [];
  try {
    for (const c of cases) {
      current.case = c;
      const totals: number[] = [];
      const phases = { upgrade: [] as number[], render: [] as number[], layout: [] as number[] };
      const context = await browser.newContext();
      const p = await context.newPage();
      for (let i = 0; i < samples + 1; i++) {
        current.sample += 1;
        await p.goto(`${origin}/?sample=${current.sample}`);
        const r = (await (
          await p.waitForFunction(() => (window as { __firstRender?: unknown }).__firstRender, null, { timeout: 20_000 })
        ).jsonValue()) as {
          isolated: boolean;
          upgrade: number;
          render: number;
          layout: number;
          total: number;
          rendered: boolean;
          error?: string;
        };
        if (r.error) throw new Error(`${c.tag} in ${c.bundle}: ${r.error}`);
        if (!r.isolated) throw new Error('the page is not cross-origin isolated: timers would be coarse');
        if (!r.rendered) throw new Error(`${c.tag} in ${c.bundle} rendered nothing interactive`);
        if (i === 0) continue; // the first load also starts the page's renderer process: not the element's time
        totals.push(r.total);
        phases.upgrade.push(r.upgrade);
        phases.render.push(r.render);
        phases.layout.push(r.layout);
      }
      await context.close();
      const fig: RenderFigures = {
        ...c,
        samples,
        median: median(totals),
        p95: percentile(totals, 95),
        phases: { upgrade: median(phases.upgrade), render: median(phases.render), layout: median(phases.layout) },
      };
      log(
        `  ${c.tag} (${c.bundle}): median ${fig.median.toFixed(2)} ms, p95 ${fig.p95.toFixed(2)} ms, max ${Math.max(...totals).toFixed(2)} ms ` +
          `[median phases: upgrade ${fig.phases.upgrade.toFixed(2)}, render ${fig.phases.render.toFixed(2)}, layout ${fig.phases.layout.toFixed(2)}]`,
      );
      out.push(fig);
    }
  } finally {
    server.close();
  }
  return out;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

/**
 * Where the time of a first render goes: `loads` more cold loads under a
 * Chromium trace; on the renderer's main thread, between the two marks, the
 * self time of each trace event (wall `dur` and thread CPU `tdur`), per load.
 * Time covered by no event is the thread waiting (descheduled on a busy machine, or idle).
 */
export async function traceFirstRender(browser: Browser, c: RenderCase, loads: number): Promise<string[]> {
  const current: { case?: RenderCase; sample: number } = { case: c, sample: 1_000_000 };
  const { server, origin } = await serveIsolated(current);
  const context = await browser.newContext();
  const p = await context.newPage();
  try {
    await p.goto(`${origin}/?warm`);
    await browser.startTracing(p, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8',
        'v8.execute',
        'blink',
        'loading',
      ],
    });
    for (let i = 0; i < loads; i++) {
      current.sample += 1;
      await p.goto(`${origin}/?trace=${current.sample}`);
      await p.waitForFunction(() => (window as { __firstRender?: unknown }).__firstRender, null, { timeout: 20_000 });
    }
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const events = trace.traceEvents;
    const starts = events.filter((e) => e.name === 'first-render-start');
    const ends = events.filter((e) => e.name === 'first-render-end');
    const self = new Map<string, { wall: number; cpu: number }>();
    let windowUs = 0;
    let covered = 0;
    let counted = 0;
    for (const start of starts) {
      const end = ends.find((e) => e.pid === start.pid && e.ts > start.ts);
      if (!end) continue;
      counted += 1;
      windowUs += end.ts - start.ts;
      // Complete events on the same thread inside the window; nesting by time gives self time.
      const inside = events
        .filter(
          (e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.ts >= start.ts && e.ts < end.ts && e.dur !== undefined,
        )
        .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
      const stack: { e: TraceEvent; childWall: number; childCpu: number }[] = [];
      const close = (frame: { e: TraceEvent; childWall: number; childCpu: number }) => {
        const entry = self.get(frame.e.name) ?? { wall: 0, cpu: 0 };
        entry.wall += frame.e.dur! - frame.childWall;
        entry.cpu += (frame.e.tdur ?? 0) - frame.childCpu;
        self.set(frame.e.name, entry);
        const parent = stack.at(-1);
        if (parent) {
          parent.childWall += frame.e.dur!;
          parent.childCpu += frame.e.tdur ?? 0;
        } else covered += Math.min(frame.e.dur!, end.ts - frame.e.ts);
      };
      for (const e of inside) {
        while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= e.ts) close(stack.pop()!);
        stack.push({ e, childWall: 0, childCpu: 0 });
      }
      while (stack.length) close(stack.pop()!);
    }
    if (!counted) return ['  (no first-render marks found in the trace)'];
    const ms = (us: number) => (us / counted / 1000).toFixed(2);
    const top = [...self].sort((a, b) => b[1].wall - a[1].wall).slice(0, 10);
    const cpu = [...self.values()].reduce((sum, t) => sum + t.cpu, 0);
    return [
      `  ${c.tag} (${c.bundle}), ${counted} traced cold loads: window ${ms(windowUs)} ms per load, main-thread CPU in it ${ms(cpu)} ms ` +
        `(the rest: the thread descheduled or waiting); ${ms(windowUs - covered)} ms covered by no trace event`,
      ...top.map(([name, t]) => `    ${ms(t.wall).padStart(7)} ms wall ${ms(t.cpu).padStart(7)} ms CPU  ${name}`),
    ];
  } finally {
    await context.close();
    server.close();
  }
}
