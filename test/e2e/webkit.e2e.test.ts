import { launchWebKit } from '../helpers/engines.ts';
import { engineSuite } from './engine-flows.ts';

// WebKit, Safari's engine (Debian's webkit2gtk-driver: WebKitWebDriver and MiniBrowser under xvfb-run, over plain W3C
// WebDriver; scripts/ensure-engines.mjs installs them). In its SmartBill flow, before the form opened the window
// inside the tap, WebKit blocked it.
engineSuite('WebKit', launchWebKit);
