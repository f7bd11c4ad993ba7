import { after, before, it } from 'node:test';
import { startDemo } from '../helpers/e2e.ts';
import { type Driver, launchFirefox, slowProxy } from '../helpers/engines.ts';
import { iamportFlow, invoiceAndLanguageFlow, smartbillFlow } from './engine-flows.ts';

// Firefox (Debian's firefox-esr through puppeteer-core over WebDriver BiDi; scripts/ensure-engines.mjs installs it):
// the popup flows, the invoice preview (XSLT) and the language switch, in that order on one demo.
let demo: Awaited<ReturnType<typeof startDemo>>;
let slow: Awaited<ReturnType<typeof slowProxy>>;
let d: Driver;
before(async () => {
  demo = await startDemo();
  slow = await slowProxy(demo.url, /\/dist\/chunks\/schema-[^/]+\.js/, 1500);
  d = await launchFirefox();
});
after(async () => {
  await d?.close();
  await slow?.close();
  await demo?.close();
});

it('Firefox: Iamport verification through the popup', () => iamportFlow(d, demo.url));
it('Firefox: SmartBill signup, the tap coming before the validation chunk', () => smartbillFlow(d, slow.url));
it('Firefox: an invoice rendered with XSLT, then the language switch', () => invoiceAndLanguageFlow(d, demo.url));
