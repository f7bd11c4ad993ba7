// Hangul in headless screenshots needs a CJK font (Debian's fonts-noto-cjk, not on a fresh machine): installs it with
// apt-get when missing and running as root, as scripts/ensure-chromium.mjs does for Chromium, or says how.
import { execFileSync, spawnSync } from 'node:child_process';

const hasFont = () => spawnSync('sh', ['-c', 'fc-list :lang=ko | grep -q .'], { stdio: 'ignore' }).status === 0;

export function ensureCjkFont() {
  if (hasFont()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    console.error('A Korean font is needed for screenshots and the layout tests: sudo apt-get install -y fonts-noto-cjk');
    process.exit(1);
  }
  console.log("No Korean font: installing Debian's fonts-noto-cjk…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'fonts-noto-cjk', 'fontconfig'], { stdio: 'inherit', env });
}
