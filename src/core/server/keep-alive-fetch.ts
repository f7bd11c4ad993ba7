import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type https from 'node:https';

/**
 * The adapter's default outgoing HTTP for provider calls: `fetch`'s contract for what the providers send
 * (a string, URLSearchParams or bytes body; `redirect` 'error' or 'manual'; an AbortSignal), over node:http(s)
 * with keep-alive agents. WHATWG fetch (undici) spent 260–310 µs of CPU per call on this machine building
 * Request/Headers/streams; this spends about 80. Anything else (a Request object, a stream body,
 * `redirect: 'follow'`) goes to the global fetch unchanged.
 *
 * Like fetch: network failures reject with TypeError('fetch failed', { cause }), an aborted signal with its
 * reason (AbortSignal.timeout → TimeoutError), `redirect: 'error'` refuses a 3xx, 'manual' returns it, no
 * response header is trusted for decoding (no Accept-Encoding is sent, so bodies come unencoded).
 */
export interface KeepAliveFetch {
  fetch: typeof fetch;
  /** Closes idle kept-alive sockets (adapter shutdown). */
  close(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);
/** Below the 5 s that Node and many servers keep an idle connection: the client lets go first. */
const IDLE_SOCKET_MS = 4_000;

type Body = string | Uint8Array | undefined;

/** The body and its default Content-Type, or undefined when this client does not handle it. */
function bodyOf(body: RequestInit['body']): { data: Body; type?: string } | undefined {
  if (body === undefined || body === null) return { data: undefined };
  if (typeof body === 'string') return { data: body, type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { data: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof Uint8Array) return { data: body };
  return undefined;
}

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const pairs = init instanceof Headers || Array.isArray(init) ? init : Object.entries(init);
  for (const [k, v] of pairs as Iterable<[string, string]>) out[k.toLowerCase()] = String(v);
  return out;
}

function responseOf(res: IncomingMessage, body: Buffer, method: string): Response {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // a header value fetch would refuse too (not a ByteString): left out
    }
  }
  const status = res.statusCode ?? 0;
  const empty = NULL_BODY.has(status) || method === 'HEAD';
  return new Response(empty ? null : (body as Uint8Array<ArrayBuffer>), { status, statusText: res.statusMessage ?? '', headers });
}

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

export function createKeepAliveFetch(fallback: typeof fetch = (...args) => globalThis.fetch(...args)): KeepAliveFetch {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const, maxSockets: 256 };
  const plain = new http.Agent(agentOptions);
  // TLS is loaded on the first https call only (idle memory). `module.request` is read at each call, not bound
  // once: interceptors that patch it (msw in the tests) then see these calls as they see fetch's.
  let tls: Promise<{ agent: https.Agent; module: typeof https }> | undefined;
  const secure = () => (tls ??= import('node:https').then(({ default: m }) => ({ agent: new m.Agent(agentOptions), module: m })));

  const send = (url: URL, options: RequestOptions, data: Body, signal: AbortSignal | undefined, retryStale: boolean) =>
    new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
      const go = async () => {
        const client = url.protocol === 'https:' ? await secure() : { agent: plain, module: http };
        const req: ClientRequest = client.module.request(url, { ...options, agent: client.agent });
        let settled = false;
        const done = (err?: Error) => {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (err !== undefined) reject(err);
        };
        const onAbort = () => {
          req.destroy();
          if (!settled) done(signal!.reason as Error); // fetch rejects with the reason as given (AbortSignal.timeout: a TimeoutError)
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (settled) return;
          // A kept-alive socket the server closed just as it was reused: nothing reached the server; GET/HEAD try once more.
          if (retryStale && req.reusedSocket && err.code === 'ECONNRESET') {
            done();
            send(url, options, data, signal, false).then(resolve, reject);
            return;
          }
          done(failed(err));
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => settled || done(failed(err)));
          res.on('aborted', () => settled || done(failed(new Error('the response was cut short'))));
          res.on('end', () => {
            if (settled) return;
            done();
            resolve({ res, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
          });
        });
        req.end(data);
      };
      go().catch((err: unknown) => reject(failed(err)));
    });

  const keepAliveFetch = (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = bodyOf(init.body);
    const redirect = init.redirect ?? 'follow';
    if (input instanceof Request || !body || redirect === 'follow') return fallback(input, init);
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(input, init);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headersOf(init.headers);
    headers['accept'] ??= '*/*';
    headers['user-agent'] ??= 'node';
    if (body.data !== undefined) {
      if (body.type) headers['content-type'] ??= body.type;
      headers['content-length'] = String(typeof body.data === 'string' ? Buffer.byteLength(body.data) : body.data.byteLength);
    }
    const { res, body: bytes } = await send(url, { method, headers }, body.data, signal, method === 'GET' || method === 'HEAD');
    if (redirect === 'error' && REDIRECTS.has(res.statusCode ?? 0)) throw failed(new Error(`unexpected redirect (HTTP ${res.statusCode})`));
    return responseOf(res, bytes, method);
  }) as typeof fetch;

  return {
    fetch: keepAliveFetch,
    close() {
      plain.destroy();
      void tls?.then(({ agent }) => agent.destroy());
    },
  };
}
