import { expect, fixture, html } from '@open-wc/testing';
import '../../src/iamport/element/iamport-certify-button.ts';
import type { IamportCertifyButton } from '../../src/iamport/element/certify-button.ts';

/** Vue's `:token-provider="fn"` (no `.prop`) writes the function's text into an attribute: the element says so. */
describe('a token-provider attribute (a function bound the wrong way)', () => {
  const original = console.warn;
  let warnings: string[] = [];
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = original;
  });

  it('warns once, naming the element and the property to set instead', async () => {
    // What Vue writes for `:token-provider="tokenProvider"`: the function's source text.
    const source = String(async () => 'token');
    const el = await fixture<IamportCertifyButton>(html`<iamport-certify-button token-provider=${source}></iamport-certify-button>`);
    el.setAttribute('token-provider', 'function () {}');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<iamport-certify-button>').and.contain('tokenProvider').and.contain('.tokenProvider="fn"');
    expect(el.tokenProvider).to.equal(undefined);
  });

  it('stays quiet when tokenProvider is set as a property', async () => {
    const el = await fixture<IamportCertifyButton>(
      html`<iamport-certify-button .tokenProvider=${async () => 'token'}></iamport-certify-button>`,
    );
    expect(el.tokenProvider).to.be.a('function');
    expect(warnings).to.deep.equal([]);
  });
});
