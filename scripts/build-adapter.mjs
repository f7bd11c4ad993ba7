// Part of `npm run build`: the adapter, its CLI and the sandbox compiled to JavaScript with
// .d.ts in packages/adapter/lib/ (tsconfig.adapter.json), so nothing needs tsx at run time.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'packages/adapter/lib');
rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.adapter.json')], {
  stdio: 'inherit',
});
// Plain-JS files the sandbox serves (read next to their module at run time).
for (const provider of readdirSync(join(ROOT, 'src'))) {
  const dir = join(ROOT, 'src', provider, 'sandbox');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) if (f.endsWith('.js')) cpSync(join(dir, f), join(OUT, provider, 'sandbox', f));
}
console.log('built packages/adapter/lib/ (adapter, CLI and sandbox as JavaScript + .d.ts)');
