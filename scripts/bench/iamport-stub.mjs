// A stand-in for Iamport's REST V1 for `npm run bench`, in its own process so
// the bench measures the adapter and not a fake inside it. Plain node:http,
// as cheap as an upstream can be: getToken hands out one 30-minute token and
// every imp_uid is a completed certification whose merchant_uid is
// `m_<imp_uid>`. Prints its port; `GET /calls` tells how often it was asked.
import { createServer } from 'node:http';

const TOKEN = 'bench-access-token-0123456789abcdef';
const calls = { getToken: 0, certification: 0 };
/** @type {(res: import('node:http').ServerResponse, status: number, body: unknown) => void} */
const json = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const now = Math.floor(Date.now() / 1000);
    if (req.method === 'POST' && req.url === '/users/getToken') {
      calls.getToken += 1;
      return json(res, 200, { code: 0, message: null, response: { access_token: TOKEN, expired_at: now + 1800, now } });
    }
    const m = /^\/certifications\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      calls.certification += 1;
      // Iamport V1 takes the token bare (as seed 004 sends it) or after "Bearer ".
      if (req.headers.authorization !== `Bearer ${TOKEN}` && req.headers.authorization !== TOKEN)
        return json(res, 401, { code: -1, message: 'Unauthorized', response: null });
      const impUid = decodeURIComponent(m[1]);
      return json(res, 200, {
        code: 0,
        message: null,
        response: {
          imp_uid: impUid,
          merchant_uid: `m_${impUid}`,
          pg_tid: `tid_${impUid}`,
          pg_provider: 'danal',
          name: '홍길동',
          gender: 'male',
          birthday: '1990-01-01',
          birth: 631152000,
          foreigner: false,
          foreigner_v2: false,
          phone: '01012345678',
          carrier: 'SKT',
          certified: true,
          certified_at: now,
          unique_key: `uk_${impUid}_${'u'.repeat(60)}`,
          unique_in_site: `us_${impUid}`,
          origin: 'https://erp.example.com/',
        },
      });
    }
    if (req.method === 'GET' && req.url === '/calls') return json(res, 200, calls);
    json(res, 404, { code: -1, message: 'not found', response: null });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port })),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
