// The peer of `npm run bench` (issue 20): the server seed 004 prints for Iamport's
// 휴대폰 본인인증 (Express + body-parser + axios), as an ERP team writes it without the
// kit. It is a test peer, not product code: kept as the seed shows it, with only what
// its author says he added ("unique_key와 imp_uid를 데이터베이스에 저장", in SQLite with
// better-sqlite3 set up as its README recommends: WAL) and an answer to the page, in
// the shape of Iamport's own Node examples (`res.send({ status: "success", … })`,
// `res.status(400).send(e)`), without which every request would hang.
// Two variants (argv[2]): `per-request` asks for a token on every request, as printed;
// `reuse` keeps the token until Iamport's expired_at, as the seed's author would next.
// Usage: node scripts/bench/seed-peer.mjs <per-request|reuse> <api base> <sqlite file>. Prints its port.
import axios from 'axios';
import Database from 'better-sqlite3';
import bodyParser from 'body-parser';
import express from 'express';

const [variant, apiBase, dbFile] = process.argv.slice(2);
if (!['per-request', 'reuse'].includes(variant) || !apiBase || !dbFile) {
  console.error('usage: seed-peer.mjs <per-request|reuse> <api base> <sqlite file>');
  process.exit(2);
}

const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS certifications (imp_uid TEXT PRIMARY KEY, unique_key TEXT)');
const saveCertification = db.prepare('INSERT INTO certifications (imp_uid, unique_key) VALUES (?, ?)');

/** @type {{ access_token: string; expired_at: number } | undefined} */
let cached; // reuse only
async function getAccessToken() {
  if (variant === 'reuse' && cached && cached.expired_at - 60 > Date.now() / 1000) return cached.access_token;
  // 인증 토큰 발급 받기
  const getToken = await axios({
    url: `${apiBase}/users/getToken`,
    method: 'post', // POST method
    headers: { 'Content-Type': 'application/json' }, // "Content-Type": "application/json"
    data: {
      imp_key: 'imp_apikey', // REST API키
      imp_secret: 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f', // REST API Secret
    },
  });
  const token = /** @type {{ access_token: string; expired_at: number }} */ (getToken.data.response);
  cached = token;
  return token.access_token; // 인증 토큰
}

const app = express();
app.use(bodyParser.json());

// "/certifications"에 대한 POST 요청을 처리하는 controller
app.post('/certifications', async (request, response) => {
  const { imp_uid } = request.body; // request의 body에서 imp_uid 추출

  try {
    const access_token = await getAccessToken();

    // imp_uid로 인증 정보 조회
    const getCertifications = await axios({
      url: `${apiBase}/certifications/${imp_uid}`, // imp_uid 전달
      method: 'get', // GET method
      headers: { Authorization: access_token }, // 인증 토큰 Authorization header에 추가
    });
    const certificationsInfo = getCertifications.data.response; // 조회한 인증 정보

    // 현재는 unique_key 와 imp_uid를 데이터베이스에 저장
    saveCertification.run(imp_uid, certificationsInfo.unique_key);
    response.send({ status: 'success' });
  } catch (e) {
    console.error(e);
    response.status(400).send(e);
  }
});

const server = app.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port })),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
