import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import * as z from 'zod/mini';
import { AdapterError, adapterRequest, adapterUrl } from '../../src/core/adapter-client.ts';
import { mockAdapter } from '../helpers/browser.ts';

const schema = z.object({ ok: z.boolean() });
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as AdapterError;
  }
  throw new Error('expected a rejection');
};

describe('adapterRequest', () => {
  it('joins relative and absolute adapter bases without losing their path', () => {
    expect(adapterUrl('/adapter', 'x/y')).to.equal(`${location.origin}/adapter/x/y`);
    expect(adapterUrl('https://erp.example.com/api/', '/x')).to.equal('https://erp.example.com/api/x');
  });

  it('returns the validated body and sends JSON', async () => {
    await mockAdapter(
      http.post('/adapter/echo', async ({ request }) => HttpResponse.json({ ok: ((await request.json()) as { a: number }).a === 1 })),
    );
    expect(await adapterRequest('/adapter', 'echo', { body: { a: 1 }, schema })).to.deep.equal({ ok: true });
  });

  it("keeps the adapter's error code and message", async () => {
    await mockAdapter(
      http.get('/adapter/x', () => HttpResponse.json({ error: { code: 'origin_not_allowed', message: 'nope' } }, { status: 403 })),
    );
    const e = await failure(adapterRequest('/adapter', 'x', { schema }));
    expect([e.code, e.message, e.status]).to.deep.equal(['origin_not_allowed', 'nope', 403]);
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
    expect((await failure(adapterRequest('/adapter', 'html', { schema }))).code).to.equal('http_502');
    expect((await failure(adapterRequest('/adapter', 'shape', { schema }))).code).to.equal('invalid_response');
    expect((await failure(adapterRequest('/adapter', 'down', { schema }))).code).to.equal('network_error');
    expect((await failure(adapterRequest('/adapter', 'slow', { schema, timeoutMs: 50 }))).code).to.equal('timeout');
  });
});
