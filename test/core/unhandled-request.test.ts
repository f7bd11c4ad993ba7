import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { failOnUnhandledRequests, mockAdapter } from '../helpers/browser.ts';

const STRAY = 'makes an adapter call no handler answers (this test is failed by the helper, then restored below)';

describe('test/helpers/browser.ts: an unhandled request fails the test that made it', () => {
  it(STRAY, async () => {
    await mockAdapter(http.get('/adapter/known', () => HttpResponse.json({ ok: true })));
    expect((await fetch('/adapter/known')).status).to.equal(200);
    await fetch('/adapter/stray?x=1').catch(() => undefined); // swallowed, as an element would
  });

  it('the previous test is marked failed with the stray call named (checked, then restored)', function () {
    const stray = this.test!.parent!.tests.find((t) => t.title === STRAY)!;
    const [state, message] = [stray.state, stray.err?.message];
    // Restore first, so a failed expectation below fails this test and not the other one.
    stray.state = 'passed';
    delete stray.err;
    expect(state).to.equal('failed');
    expect(message).to.contain('GET /adapter/stray');
    expect(message).not.to.contain('/adapter/known');
  });

  it('a test whose requests were all answered stays passed', async () => {
    await mockAdapter(http.get('/adapter/known', () => HttpResponse.json({ ok: true })));
    await fetch('/adapter/known');
    const test = { state: 'passed' } as Mocha.Test;
    failOnUnhandledRequests(test);
    expect(test.state).to.equal('passed');
  });
});
