// Makes sure Debian's nginx is there for the test that runs docs/deploy.md's nginx
// config: installs it with apt-get when missing and running as root (as
// ensure-chromium.mjs does for Chromium), or says how. The package's own service
// is not started (the test runs nginx itself, on loopback, with its own config).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';

export function ensureNginx() {
  if (existsSync(NGINX)) return NGINX;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !hasApt) {
    throw new Error(
      `nginx is needed for the load-balancer test and is missing at ${NGINX}.\n` +
        'Install it with:  sudo apt-get update && sudo apt-get install -y nginx\nor point NGINX_PATH at an nginx binary.',
    );
  }
  console.log(`nginx is missing: installing Debian's nginx package…`);
  // RUNLEVEL=1: Debian's maintainer scripts then leave the nginx service stopped.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx'], { stdio: 'inherit', env });
  if (!existsSync(NGINX)) throw new Error(`apt-get finished but ${NGINX} is still missing; set NGINX_PATH.`);
  return NGINX;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureNginx();
