import { after, before, it } from 'node:test';
import { startDemo } from '../helpers/e2e.ts';
import { type Driver, launchWebKit, slowProxy } from '../helpers/engines.ts';
import { iamportFlow, invoiceAndLanguageFlow, smartbillFlow } from './engine-flows.ts';

// WebKit, Safari's engine (Debian's webkit2gtk-driver: WebKitWebDriver and MiniBrowser under xvfb-run, over plain W3C
// WebDriver; scripts/ensure-engines.mjs installs them): the popup flows, the invoice preview (XSLT) and the language
// switch, in that order on one demo. The SmartBill flow is issue 22 item 16: before the fix WebKit blocked that window.
let demo: Awaited<ReturnType<typeof startDemo>>;
let slow: Awaited<ReturnType<typeof slowProxy>>;
let d: Driver;
before(async () => {
  demo = await startDemo();
  slow = await slowProxy(demo.url, /\/dist\/chunks\/schema-[^/]+\.js/, 1500);
  d = await launchWebKit();
});
after(async () => {
  await d?.close();
  await slow?.close();
  await demo?.close();
});

it('WebKit: Iamport verification through the popup', () => iamportFlow(d, demo.url));
it('WebKit: SmartBill signup, the tap coming before the validation chunk', () => smartbillFlow(d, slow.url));
it('WebKit: an invoice rendered with XSLT, then the language switch', () => invoiceAndLanguageFlow(d, demo.url));
