/** `pnpm bench`: every benchmark in turn, each in its own process; figures land in bench/results/. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/processes.ts';

const benchDir = path.join(repoRoot, 'bench');
const all = readdirSync(benchDir).filter((name) => existsSync(path.join(benchDir, name, 'index.ts')));
const selected = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of selected) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${all.join(', ')}`);
    process.exit(2);
  }
  const entry = path.join(repoRoot, 'bench', name, 'index.ts');
  console.log(`\n### bench/${name}`);
  const result = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), [entry], {
    stdio: 'inherit',
    cwd: repoRoot,
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
