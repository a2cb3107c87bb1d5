import { spawnSync } from 'node:child_process';

// `pnpm bench`: every benchmark in turn, each in its own process; each prints its table and writes bench/results/<name>.json.
const BENCHES = ['clinc150.ts', 'education-zh.ts', 'scale.ts', 'tagged-follow-ups.ts', 'widget-size.ts', 'server-load.ts', 'cluster-load.ts', 'soak.ts'];
let failed = 0;
for (const bench of BENCHES) {
  console.log(`\n=== bench/${bench}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', new URL(bench, import.meta.url).pathname], { stdio: 'inherit' });
  if (run.status === 2) console.log(`(skipped: its data is not here)`);
  else if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
