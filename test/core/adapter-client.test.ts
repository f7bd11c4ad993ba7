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
      http.get('/adapter/down', () => HttpResponse.error()),
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
});
