import { expect } from '@open-wc/testing';
import { loadScript, ScriptLoadError } from '../../src/core/element/script-loader.ts';

declare global {
  interface Window {
    __sdkLoads?: number;
    [key: `Sdk${number}`]: unknown;
  }
}

let n = 0;
const fresh = () => {
  const name = `Sdk${++n}` as const;
  return { name, src: `/test/fixtures/fake-sdk.js?name=${name}`, isReady: () => !!window[name] };
};

describe('loadScript', () => {
  it('loads once even when asked many times at once', async () => {
    const sdk = fresh();
    const loadsBefore = window.__sdkLoads ?? 0;
    await Promise.all([loadScript(sdk.src, sdk), loadScript(sdk.src, sdk), loadScript(sdk.src, sdk)]);
    expect(window.__sdkLoads).to.equal(loadsBefore + 1);
    expect(document.querySelectorAll(`script[src$="${sdk.name}"]`).length).to.equal(1);
  });

  it('reuses a tag the page already has instead of adding another', async () => {
    const sdk = fresh();
    const tag = Object.assign(document.createElement('script'), { src: sdk.src });
    document.head.append(tag);
    await loadScript(sdk.src, sdk);
    expect(document.querySelectorAll(`script[src$="${sdk.name}"]`).length).to.equal(1);
  });

  it('rejects with a ScriptLoadError that keeps the cause, removes its tag, and retries cleanly', async () => {
    const src = `/test/fixtures/does-not-exist.js?n=${++n}`;
    let error: unknown;
    try {
      await loadScript(src, { isReady: () => false });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ScriptLoadError);
    expect((error as ScriptLoadError).cause).to.be.instanceOf(Event);
    expect(document.querySelector(`script[src$="n=${n}"]`)).to.equal(null);
    // A second call tries again (it does not replay the cached failure).
    let second: unknown;
    await loadScript(src, { isReady: () => false }).catch((e) => (second = e));
    expect(second).to.be.instanceOf(ScriptLoadError);
    expect(second).not.to.equal(error);
  });

  it('rejects a script that loads but does not define the SDK', async () => {
    const sdk = fresh();
    let error: unknown;
    await loadScript(sdk.src, { isReady: () => false }).catch((e) => (error = e));
    expect((error as Error).message).to.contain('did not define the SDK');
  });
});
