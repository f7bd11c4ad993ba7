// docs/deploy.md's nginx config, as written there, in front of two adapter processes on
// one PostgreSQL: Debian's nginx (installed when missing, scripts/ensure-nginx.mjs), TLS
// with a throwaway certificate, the upstream lines pointed at the two instances.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureNginx } from '../../scripts/ensure-nginx.mjs';
import { smartbillConfigSchema } from '../../src/smartbill/server/config-schema.ts';
import { mintTestToken } from '../helpers/auth.ts';
import { freshTestStore, type TestStore } from '../helpers/store.ts';
import { type Cluster, startCluster } from './cluster.ts';
import { selfSignedLoopbackCert } from './tls.ts';

const DOC = join(import.meta.dirname, '../../docs/deploy.md');
/** The ERP's server and SmartBill, as nginx sees them: other loopback addresses than the proxy's own 127.0.0.1. */
const SMARTBILL_IP = '127.0.0.2';
const STRANGER_IP = '127.0.0.3';
const COM = '1208147521';

/** The ```nginx block of docs/deploy.md. */
function documentedConfig(): string {
  const m = /```nginx\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'));
  assert.ok(m, 'docs/deploy.md has an nginx block');
  return m[1]!;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
/** HTTPS through nginx from a chosen loopback source address. */
function call(
  port: number,
  ca: Buffer,
  method: string,
  path: string,
  o: { from?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca,
        localAddress: o.from ?? '127.0.0.1',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...o.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // nginx's own HTML error page
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe("docs/deploy.md's nginx config in front of 2 adapter instances on PostgreSQL", { timeout: 180_000 }, () => {
  let store: TestStore;
  let cluster: Cluster;
  let nginx: ChildProcess;
  let dir: string;
  let port: number;
  let ca: Buffer;
  let nginxLog = '';

  before(async () => {
    const bin = ensureNginx();
    store = await freshTestStore('postgres');
    cluster = await startCluster(2, {
      store: store.config,
      // nginx is the only proxy; it writes the client's address into X-Forwarded-For.
      trustedProxies: ['127.0.0.1'],
      smartbill: { environment: 'demo', callbackIpAllowList: { enabled: true, ips: [SMARTBILL_IP] } },
      // The last test stops an instance while requests flow through nginx.
      shutdown: { drainMs: 1500, graceMs: 1000 },
    });
    dir = mkdtempSync(join(tmpdir(), 'erpw-nginx-'));
    chmodSync(dir, 0o755); // nginx's workers run as an unprivileged user
    const tls = selfSignedLoopbackCert();
    ca = tls.cert;
    writeFileSync(join(dir, 'cert.pem'), tls.cert);
    writeFileSync(join(dir, 'key.pem'), tls.key);
    port = await freePort();
    const upstreams = cluster.instances.map((a) => new URL(a.url).port);
    let n = 0;
    const site = documentedConfig()
      // The documented upstream servers become the two instances (the third line goes).
      .replace(/^(\s*)server 10\.0\.0\.\d+:8787([^;]*);\n/gm, (_, indent: string, params: string) =>
        n < upstreams.length ? `${indent}server 127.0.0.1:${upstreams[n++]}${params};\n` : '',
      )
      .replace(/listen 443 ssl;/, `listen 127.0.0.1:${port} ssl;`)
      .replace(/# ssl_certificate[^\n]*/, `ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;`);
    assert.equal(n, 2, 'both instances are upstream servers');
    for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`,
    );
    nginx = spawn(bin, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout!.on('data', (d) => (nginxLog += d));
    nginx.stderr!.on('data', (d) => (nginxLog += d));
    for (let i = 0; ; i++) {
      const up = await new Promise<boolean>((r) => {
        const s = connect(port, '127.0.0.1', () => {
          s.destroy();
          r(true);
        }).on('error', () => r(false));
      });
      if (up) break;
      if (nginx.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${nginxLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await cluster?.stop();
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health through nginx (TLS, both instances up)', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await call(port, ca, 'GET', '/health');
      assert.equal(res.status, 200);
      assert.equal((res.body as { store?: string }).store, 'postgres');
    }
  });

  it("keeps a long-poll open for the adapter's whole default wait (proxy_read_timeout above smartbill.longPollMs)", async () => {
    const longPollMs = smartbillConfigSchema.parse({}).longPollMs;
    const timeout = Number(/proxy_read_timeout (\d+)s;/.exec(documentedConfig())?.[1]);
    assert.ok(timeout * 1000 > longPollMs, `proxy_read_timeout ${timeout}s vs longPollMs ${longPollMs} ms`);
    const auth = { authorization: `Bearer ${await mintTestToken({ com: COM, scope: 'smartbill:signup', sub: 'wait-all' })}` };
    const reg = await call(port, ca, 'POST', '/smartbill/signups', { body: { env: 'demo', form: formFor('wait-all') }, headers: auth });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const { id, token } = reg.body as { id: string; token: string };
    const started = Date.now();
    const res = await call(port, ca, 'GET', `/smartbill/signups/${id}?token=${token}&wait=${longPollMs}`, { headers: auth });
    // The adapter, not nginx, ended the wait: 200 pending after the full wait (nginx would answer 504).
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((res.body as { status: string }).status, 'pending');
    assert.ok(Date.now() - started >= longPollMs - 100, `answered after ${Date.now() - started} ms`);
  });

  it("believes X-Forwarded-For from nginx only: SmartBill's address passes the callback allow-list, a forged header does not", async () => {
    const auth = { authorization: `Bearer ${await mintTestToken({ com: COM, scope: 'smartbill:signup', sub: 'via-nginx' })}` };
    const reg = await call(port, ca, 'POST', '/smartbill/signups', { body: { env: 'demo', form: formFor('via-nginx') }, headers: auth });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const { id, token } = reg.body as { id: string; token: string };
    // least_conn: with this long-poll open on one instance, the callback goes to the other; either way it must wake.
    const poll = call(port, ca, 'GET', `/smartbill/signups/${id}?token=${token}&wait=20000`, { headers: auth });
    await new Promise((r) => setTimeout(r, 300));
    const callback = {
      COM_REGNO: COM,
      AUTH_TOKEN: `T-nginx-${'x'.repeat(40)}`,
      AUTH_CODE: `Cnginx${'y'.repeat(24)}`,
      pID: 'via-nginx',
      SBID: 'sb_nginx',
      regYn: 'Y',
    };
    const forged = await call(port, ca, 'POST', '/smartbill/callback', {
      from: STRANGER_IP,
      body: callback,
      headers: { 'x-forwarded-for': SMARTBILL_IP },
    });
    assert.deepEqual([forged.status, (forged.body as { error?: { code: string } }).error?.code], [403, 'smartbill_ip_not_allowed']);
    const real = await call(port, ca, 'POST', '/smartbill/callback', { from: SMARTBILL_IP, body: callback });
    assert.equal(real.status, 200, JSON.stringify(real.body));
    const done = await poll;
    assert.equal(done.status, 200);
    assert.deepEqual([(done.body as { status: string }).status, (done.body as { SBID: string }).SBID], ['completed', 'sb_nginx']);
  });

  it("passes nginx's $request_id to the adapter (a trusted proxy): the answer, the error body and the adapter's id agree", async () => {
    const res = await call(port, ca, 'GET', '/no/such/route');
    assert.equal(res.status, 404);
    const id = res.headers['x-request-id'];
    assert.match(String(id), /^[0-9a-f]{32}$/, "nginx's $request_id (32 hex), not one the adapter made");
    assert.equal((res.body as { error: { requestId: string } }).error.requestId, id);
  });

  it('SIGTERM on one instance: its /ready turns 503 while /health stays 200; no GET fails, and no request the adapter read is lost', async () => {
    const leaving = cluster.instances[0]!;
    const flow = traffic(port, ca);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise((r) => leaving.child.once('exit', r));
    leaving.child.kill('SIGTERM');
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no drain line: ${leaving.output()}`)), 5_000);
      const check = () => /draining for 1500 ms/.test(leaving.output()) && (clearTimeout(t), resolve());
      leaving.child.stdout!.on('data', check);
      check();
    });
    const ready = await fetch(`${leaving.url}/ready`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { error: { code: string } }).error.code, 'adapter_draining');
    assert.equal((await fetch(`${leaving.url}/health`)).status, 200);
    await exited;
    // Some more requests after the instance is gone: nginx finds its port refused and uses the other.
    const before = flow.answers.length;
    while (flow.answers.length < before + 40) await new Promise((r) => setTimeout(r, 20));
    const answers = await flow.stop();
    const failed = answers.filter((a) => !a.fromAdapter || a.status >= 500);
    assert.ok(answers.length > 80, `only ${answers.length} requests`);
    // nginx retries a GET on the other instance. A POST it sends on a connection in the instant the instance closes
    // its listener is reset unread (nginx logs "recv() failed (104)") and comes back as nginx's own 502: never
    // processed, so the client may send it again, but open-source nginx does not resend it (docs/deploy.md). Without
    // the drain, every request in flight at the SIGTERM fails, and the adapter's own errors would show as fromAdapter.
    const unexpected = failed.filter((a) => a.method !== 'POST' || a.status !== 502 || a.fromAdapter);
    assert.deepEqual(unexpected, [], `${failed.length} of ${answers.length} requests failed during the restart`);
    assert.ok(
      failed.length <= 2,
      `${failed.length} of ${answers.length} POSTs came back 502 from nginx: more than the listener's close explains`,
    );
    assert.equal(leaving.child.exitCode, 0);
  });
});

/** A long run of requests through nginx, ended by `stop()`: every answer, and whether each came from an adapter. */
function traffic(port: number, ca: Buffer) {
  let running = true;
  const answers: { method: 'GET' | 'POST'; status: number; fromAdapter: boolean }[] = [];
  const lane = async (i: number) => {
    while (running) {
      const method = i % 2 ? 'GET' : 'POST';
      const res =
        method === 'GET' ? await call(port, ca, 'GET', '/health') : await call(port, ca, 'POST', '/smartbill/signups', { body: {} });
      // An adapter answers JSON with its request id; nginx's own error pages are HTML.
      answers.push({ method, status: res.status, fromAdapter: typeof res.body === 'object' && !!res.headers['x-request-id'] });
    }
  };
  const lanes = Promise.all([0, 1, 2, 3].map(lane));
  return {
    answers,
    async stop() {
      running = false;
      await lanes;
      return answers;
    },
  };
}

function formFor(pID: string) {
  return {
    pComRegNo: COM,
    pComName: '주식회사 엔진엑스',
    pComPresident: '홍길동',
    pComBizStatus: '서비스',
    pComBizClass: '소프트웨어',
    pZipCode: '06236',
    pComAddress: '서울 강남구',
    pMIGRATIONFLAG: 'TEST11',
    pMemName: '김담당',
    pMemTel: '02-1111-1111',
    pMemHP: '',
    pMemFax: '',
    pMemEmail: 'tax@example.com',
    pMasterYN: 'Y',
    pID,
  };
}
