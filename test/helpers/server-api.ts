import { request } from 'node:http';
import { TEST_SERVER_KEY } from './auth.ts';

/**
 * Calls the server API as an ERP backend does. Not with Node's global fetch:
 * it sends `Sec-Fetch-Mode: cors` (the Fetch standard says so), which the
 * adapter refuses as a browser's. node:http sends only what it is given.
 */
export function serverCall(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = new URL(`${base}${path}`);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.key !== null) headers.Authorization = `Bearer ${options.key ?? TEST_SERVER_KEY}`;
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        const status = res.statusCode ?? 500;
        resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: h }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
