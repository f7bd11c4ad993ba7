// Reads a V8 .cpuprofile and says which step of a request each sample belongs to (scripts/bench/profile.ts).
// A sample belongs to the innermost adapter step on its stack (the rate limiter's SQL counts for the limiter, not
// for "store"); without one, to the first library or Node layer found from the leaf up (undici's socket callbacks
// arrive with no adapter frame above them, yet they are upstream calls).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

type Rule = [step: string, test: (url: string, fn: string) => boolean];
const file = (re: RegExp) => (url: string) => re.test(url);

/** Adapter steps, the innermost on the stack wins. */
const STEPS: Rule[] = [
  ['page token (auth)', file(/core\/server\/auth\/(auth|page-token)\.js$/)],
  ['rate limiter', file(/core\/server\/(rate-limit|limits)\.js$/)],
  ['CORS, headers, body limit', file(/core\/server\/(cors|body-limit|client-ip)\.js$/)],
  ['body read + validation', file(/core\/server\/http\.js$/)],
  ['upstream call (adapter side)', file(/core\/server\/upstream\.js$|iamport\/server\/(api-client|token)\.js$/)],
  ['webhook outbox', file(/core\/server\/webhooks\/outbox\.js$/)],
  ['seal / HMAC', file(/core\/server\/crypto\.js$/)],
  ['certification store', file(/iamport\/server\/certification-store\.js$/)],
  ['callback store', file(/smartbill\/server\/(signup-store|credential-store)\.js$/)],
  ['callback parse', (url, fn) => /smartbill\/server\/adapter\.js$/.test(url) && /parseCallback|readCallbackBody/.test(fn)],
  ['store counters', (url, fn) => /core\/server\/store\/store\.js$/.test(url) && fn === 'nextCounter'],
];

/** Libraries and Node layers, the first from the leaf up wins. */
const LAYERS: Rule[] = [
  ['zod', file(/node_modules\/zod\//)],
  ['jose (JWT)', file(/node_modules\/jose\//)],
  ['WebCrypto (JWT HMAC)', file(/node:internal\/crypto\/(webcrypto|util|mac|keys)|node:internal\/worker\/js_transferable/)],
  ['node:crypto (hash, HMAC, AES)', file(/node:internal\/crypto\//)],
  ['undici (WHATWG fetch)', file(/node:internal\/deps\/undici|node_modules\/undici\//)],
  ['axios', file(/node_modules\/axios\//)],
  ['store: SQLite driver + commit', file(/core\/server\/store\/sqlite\.js$|better-sqlite3/)],
  ['store: pg driver', file(/core\/server\/store\/postgres\.js$|node_modules\/pg(-[a-z]+)?\//)],
  ['Hono routing + middleware', file(/node_modules\/hono\/|core\/server\/(app|server)\.js$/)],
  ['@hono/node-server (Request/Response)', file(/@hono\/node-server/)],
  ['Express + body-parser', file(/node_modules\/(express|body-parser|router|raw-body|iconv-lite|type-is|finalhandler|send|qs)\//)],
  ['Node HTTP + sockets', file(/node:(_http_|http|net|stream|internal\/streams|internal\/http|internal\/net|internal\/stream_base)/)],
  ['Node timers, promises, events', file(/node:(internal\/timers|internal\/process|events|internal\/event_target|internal\/abort)/)],
  ['adapter (other)', file(/packages\/adapter\/lib\//)],
];

export function stepsOf(profile: CpuProfile, windowStart: number, windowEnd: number, root: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
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
      .replace(root + '/', '')
      .replace(/^node_modules\//, '');
  const special = new Set(['(program)', '(garbage collector)']);
  const stepOf = (id: number): string => {
    const leaf = byId.get(id)!.callFrame.functionName;
    if (special.has(leaf)) return leaf;
    const stack: ProfileNode[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n)!);
    for (const n of stack) for (const [step, test] of STEPS) if (test(n.callFrame.url, n.callFrame.functionName)) return step;
    for (const n of stack) for (const [step, test] of LAYERS) if (test(n.callFrame.url, n.callFrame.functionName)) return step;
    return stack.find((n) => n.callFrame.url)
      ? `other (${short(stack.find((n) => n.callFrame.url)!.callFrame.url)})`
      : '(native, no JS caller)';
  };
  let busyUs = 0;
  const steps = new Map<string, number>();
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    busyUs += t;
    add(steps, stepOf(id), t);
    add(functions, special.has(name) ? name : `${name} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`, t);
    add(files, special.has(name) ? name : short(n.callFrame.url) || '(native)', t);
  }
  return { busyUs, steps, functions, files };
}
