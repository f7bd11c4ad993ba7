// Makes sure the two other engines of the cross-engine end-to-end tests are there: Debian's firefox-esr (driven by
// puppeteer-core over WebDriver BiDi) and WebKitGTK's webkit2gtk-driver (WebKitWebDriver + MiniBrowser, Safari's
// engine) with xvfb (xvfb-run gives it a display). Installs what is missing with apt-get when running as root, as
// ensure-chromium.mjs does for Chromium, or says how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const ENGINES = [
  { what: 'Firefox ESR', path: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', pkg: 'firefox-esr' },
  { what: 'WebKitWebDriver', path: process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver', pkg: 'webkit2gtk-driver' },
  { what: 'xvfb-run', path: '/usr/bin/xvfb-run', pkg: 'xvfb' },
];

export function ensureEngines() {
  const missing = ENGINES.filter((e) => !existsSync(e.path));
  if (!missing.length) return;
  const pkgs = missing.map((e) => e.pkg);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !hasApt) {
    throw new Error(
      `${missing.map((e) => `${e.what} (${e.path})`).join(', ')} missing for the Firefox and WebKit end-to-end tests.\n` +
        `Install with:  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}\n` +
        'or set FIREFOX_PATH / WEBKIT_DRIVER_PATH.',
    );
  }
  console.log(`Installing Debian's ${pkgs.join(', ')} for the Firefox and WebKit end-to-end tests (a minute or two)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  const still = ENGINES.filter((e) => !existsSync(e.path));
  if (still.length) throw new Error(`apt-get finished but ${still.map((e) => e.path).join(', ')} is still missing.`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureEngines();
