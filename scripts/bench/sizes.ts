// Element bytes for `npm run bench`: the rows of `node scripts/size.mjs` (min+gzip of each script-tag bundle with
// its static chunks, against its goal), read from its printed table so both always say the same thing.
import { spawnSync } from 'node:child_process';
import { ROOT } from './procs.ts';

export interface SizeRow {
  entry: string;
  gzipKb: number;
  goalKb: number;
}

export function readSizes(build: boolean): SizeRow[] {
  if (build) {
    const b = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('the build failed');
  }
  // size.mjs exits 1 when an entry is over its goal: its table is printed either way.
  const r = spawnSync(process.execPath, ['scripts/size.mjs'], { cwd: ROOT, encoding: 'utf8' });
  const rows: SizeRow[] = [];
  for (const line of r.stdout.split('\n')) {
    // "<entry>.js (…)   72.11 kB  25.55 kB  25.00 kB  30.00 kB over goal": min, min+gzip, goal, ceiling.
    const m = /^(\S+\.js)\b.*?\s([\d.]+) kB\s+([\d.]+) kB\s+([\d.]+) kB\s+([\d.]+) kB/.exec(line);
    if (m) rows.push({ entry: m[1]!, gzipKb: Number(m[3]), goalKb: Number(m[4]) });
  }
  if (!rows.length) throw new Error(`scripts/size.mjs printed no table: ${(r.stderr || r.stdout).slice(0, 300)}`);
  return rows;
}
