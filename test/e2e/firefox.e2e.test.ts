import { launchFirefox } from '../helpers/engines.ts';
import { engineSuite } from './engine-flows.ts';

// Firefox (Debian's firefox-esr through puppeteer-core over WebDriver BiDi; scripts/ensure-engines.mjs installs it).
engineSuite('Firefox', launchFirefox);
