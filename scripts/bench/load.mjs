// Load generator for `npm run bench`, run as its own process so the client
// never shares an event loop (or a core's time slice accounting) with the
// server it measures. Input: one JSON argument; output: one JSON line.
//   { url, kind: 'get' | 'callback' | 'verify', connections, seconds, run, headers? }
// `callback` and `verify` send a body that is new on every request (a fresh
// business number / imp_uid), so each one is validated and stored anew.
import autocannon from 'autocannon';

/** @type {{ url: string; kind: 'get' | 'callback' | 'verify'; connections: number; seconds: number; run: number; headers?: Record<string, string> }} */
const opts = JSON.parse(process.argv[2] ?? '{}');
const run = String(opts.run % 100).padStart(2, '0');
let n = 0;
const next = () => `${run}${String(++n).padStart(10, '0')}`; // 12 digits, unique in this bench

/** @type {Record<string, (() => string) | undefined>} */
const bodies = {
  get: undefined,
  callback: () => {
    const id = next();
    return JSON.stringify({
      COM_REGNO: id.slice(2), // 10 digits; the demo environment skips the check digit
      AUTH_TOKEN: `token-${id}-${'t'.repeat(40)}`,
      AUTH_CODE: `code${id}${'c'.repeat(20)}`,
      Email: 'bench@example.kr',
      pID: 'bench',
      SBID: `sb${id}`,
      regYn: 'Y',
    });
  },
  verify: () => {
    const imp = `imp_${next()}`;
    return JSON.stringify({ imp_uid: imp, merchant_uid: `m_${imp}` });
  },
};
const body = bodies[opts.kind];
/** @type {import('autocannon').Request} */
const request = body
  ? {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      /** @param {import('autocannon').Request} req */
      setupRequest(req) {
        req.body = body();
        return req;
      },
    }
  : { method: 'GET', headers: { ...opts.headers } };

const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  timeout: 10,
  requests: [request],
});
/** @type {Record<string, number>} */
const statuses = {};
for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat?.count ?? 0;
console.log(
  JSON.stringify({
    total: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    statuses,
  }),
);
