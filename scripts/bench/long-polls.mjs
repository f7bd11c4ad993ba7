// Opens N SmartBill signup long-polls against the adapter for `npm run bench`
// (memory and CPU per waiting request), from its own process. Each waiter is a
// signup attempt of its own, read with `wait` = the adapter's longest wait, on
// its own socket. Prints {"created":N} once the attempts exist and
// {"open":N} once every read is sent; exits (closing every socket) on SIGTERM
// or when stdin closes. Input: one JSON argument { url, n, headers? }.
import http from 'node:http';

const { url, n, headers = {} } = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const FORM = {
  pComRegNo: '120-81-47521',
  pComName: '주식회사 벤치',
  pComPresident: '홍길동',
  pComBizStatus: '서비스',
  pComBizClass: '소프트웨어',
  pZipCode: '06236',
  pComAddress: '서울특별시 강남구 테헤란로 1',
  pMIGRATIONFLAG: 'TEST11',
  pMemName: '김담당',
  pMemTel: '02-1111-1111',
  pMemHP: '010-1111-1111',
  pMemFax: '',
  pMemEmail: 'tax@example.com',
  pMasterYN: 'Y',
  pID: 'bench-user',
};

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${url}${path}`,
      {
        method,
        agent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const attempts = [];
// A few at a time: creating attempts is not what is measured.
for (let i = 0; i < n; i += 50) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(50, n - i) }, () => call('POST', '/smartbill/signups', { env: 'demo', form: FORM })),
  );
  for (const r of batch) {
    if (r.status !== 201) {
      console.error(`POST /smartbill/signups answered ${r.status}: ${r.text}`);
      process.exit(1);
    }
    attempts.push(JSON.parse(r.text));
  }
}
console.log(JSON.stringify({ created: attempts.length }));
await new Promise((resolve) => process.stdin.once('data', resolve)); // the bench reads the RSS before opening

let early = 0;
for (const a of attempts) {
  // Each wait ends after the adapter's longest wait (a pending answer); the bench is done long before.
  call('GET', `/smartbill/signups/${a.id}?token=${a.token}&wait=60000`).then(
    (r) => void (r.status === 200 || console.error(`long-poll answered ${r.status}`), (early += 1)),
    () => {},
  );
}
console.log(JSON.stringify({ open: attempts.length }));
const stop = () => {
  console.log(JSON.stringify({ answeredBeforeStop: early }));
  agent.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
