import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { adapterRequest, adapterUrl } from '../../src/core/element/adapter-client.ts';
import type { ErpError } from '../../src/core/element/erp-error.ts';
import { isBoolean, shape } from '../../src/core/element/guards.ts';
import { mockAdapter, rejection } from '../helpers/browser.ts';

const schema = shape<{ ok: boolean }>({ ok: isBoolean });

describe('adapterRequest', () => {
  it('joins relative and absolute adapter bases without losing their path', () => {
    expect(adapterUrl('/adapter', 'x/y')).to.equal(`${location.origin}/adapter/x/y`);
    expect(adapterUrl('https://erp.example.com/api/', '/x')).to.equal('https://erp.example.com/api/x');
  });

  it('returns the validated body and sends JSON', async () => {
    await mockAdapter(
      http.post('/adapter/echo', async ({ request }) => HttpResponse.json({ ok: ((await request.json()) as { a: number }).a === 1 })),
    );
    expect(await adapterRequest('/adapter', 'echo', schema, { body: { a: 1 } })).to.deep.equal({ ok: true });
  });

  it("keeps the adapter's error code and message", async () => {
    await mockAdapter(
      http.get('/adapter/x', () => HttpResponse.json({ error: { code: 'origin_not_allowed', message: 'nope' } }, { status: 403 })),
    );
    const e = await rejection<ErpError>(adapterRequest('/adapter', 'x', schema));
    expect([e.code, e.message, e.status]).to.deep.equal(['origin_not_allowed', 'nope', 403]);
  });

  it('keeps an error code that comes without a message (a 403 origin_not_allowed carries the code only)', async () => {
    await mockAdapter(http.get('/adapter/x', () => HttpResponse.json({ error: { code: 'origin_not_allowed' } }, { status: 403 })));
    const e = await rejection<ErpError>(adapterRequest('/adapter', 'x', schema));
    expect([e.code, e.status]).to.deep.equal(['origin_not_allowed', 403]);
  });

  it('sends the page token as a Bearer header, and none without one', async () => {
    const seen: (string | null)[] = [];
    await mockAdapter(
      http.get('/adapter/x', ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json({ ok: true });
      }),
    );
    await adapterRequest('/adapter', 'x', schema, { token: 'tok.en' });
    await adapterRequest('/adapter', 'x', schema);
    expect(seen).to.deep.equal(['Bearer tok.en', null]);
  });

  it('names non-JSON errors by status, bad shapes invalid_response, network failures network_error, slow answers timeout', async () => {
    await mockAdapter(
      http.get('/adapter/html', () => new HttpResponse('<h1>502</h1>', { status: 502 })),
      http.get('/adapter/shape', () => HttpResponse.json({ ok: 'yes' })),
      http.all('/adapter/down', () => HttpResponse.error()),
      http.get('/adapter/slow', async () => {
        await delay(1000);
        return HttpResponse.json({ ok: true });
      }),
    );
    expect((await rejection<ErpError>(adapterRequest('/adapter', 'html', schema))).code).to.equal('http_502');
    expect((await rejection<ErpError>(adapterRequest('/adapter', 'shape', schema))).code).to.equal('invalid_response');
    expect((await rejection<ErpError>(adapterRequest('/adapter', 'down', schema))).code).to.equal('network_error');
    expect((await rejection<ErpError>(adapterRequest('/adapter', 'slow', schema, { timeoutMs: 50 }))).code).to.equal('timeout');
  });

  it('tells "no adapter at this path" (adapter_not_found, the URL in the error) from "network down" (network_error)', async () => {
    await mockAdapter(
      // A wrong path: another server's HTML 404, the adapter's own "no route", an answer without CORS headers
      // (which fetch reports like a network failure; the no-cors probe then gets an opaque answer).
      http.get('/adapter/html404', () => new HttpResponse('<h1>Not Found</h1>', { status: 404 })),
      http.get('/adapter/noroute', () =>
        HttpResponse.json({ error: { code: 'not_found', message: 'no route for GET /x' } }, { status: 404 }),
      ),
      http.get('/adapter/nocors', ({ request }) =>
        request.mode === 'no-cors' ? new HttpResponse('', { status: 404 }) : HttpResponse.error(),
      ),
      // A route's own 404 stays the adapter's code.
      http.get('/adapter/gone', () =>
        HttpResponse.json({ error: { code: 'not_found', message: 'no such signup attempt' } }, { status: 404 }),
      ),
      http.all('/adapter/down', () => HttpResponse.error()),
    );
    for (const path of ['html404', 'noroute', 'nocors']) {
      const e = await rejection<ErpError>(adapterRequest('/adapter', path, schema));
      expect([path, e.code, e.data?.url]).to.deep.equal([path, 'adapter_not_found', `${location.origin}/adapter/${path}`]);
      expect(e.hint).to.contain(`${location.origin}/adapter/${path}`);
    }
    expect((await rejection<ErpError>(adapterRequest('/adapter', 'gone', schema))).code).to.equal('not_found');
    const down = await rejection<ErpError>(adapterRequest('/adapter', 'down', schema));
    expect([down.code, down.data?.url]).to.deep.equal(['network_error', `${location.origin}/adapter/down`]);
  });

  it("names this page's origin and the fix when the adapter refuses it", async () => {
    await mockAdapter(http.get('/adapter/x', () => HttpResponse.json({ error: { code: 'origin_not_allowed' } }, { status: 403 })));
    const e = await rejection<ErpError>(adapterRequest('/adapter', 'x', schema));
    expect(e.data).to.deep.equal({ origin: location.origin });
    expect(e.hint).to.contain(`--allow-origin ${location.origin}`);
  });
});
