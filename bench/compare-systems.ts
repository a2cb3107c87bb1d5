import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadKnowledge, type BotOptions } from '../packages/core/src/index.ts';
import { calibrateThresholds } from '../packages/core/src/eval/calibrate.ts';
import { evaluate, type EvalReport } from '../packages/core/src/eval/evaluate.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import type { SystemFactory } from './systems/system.ts';

export interface ComparisonRow extends EvalReport {
  system: string;
  build_ms: number;
  thresholds: { answer: number; suggest: number; margin: number };
}

/**
 * Builds each system on the knowledge base, chooses its answer bar on the dev split with the same
 * calibration, and reports the test split. Prints a table; writes bench/results/<name>.json.
 */
export async function compareSystems(name: string, paths: { kb: string; dev: string; test: string }, language: 'en' | 'zh', systems: SystemFactory[], botOptions: Partial<BotOptions> = {}): Promise<ComparisonRow[]> {
  const { entries } = await loadKnowledge(paths.kb);
  const [dev, test] = [await readQueries(paths.dev), await readQueries(paths.test)];
  const rows: ComparisonRow[] = [];
  for (const factory of systems) {
    const began = performance.now();
    const system = await factory(entries, language, botOptions);
    const buildMs = performance.now() - began;
    const onDev = await evaluate((input) => system.ask(input.text), dev);
    const { thresholds } = calibrateThresholds(onDev.results);
    system.calibrate(thresholds);
    const { report } = await evaluate((input) => system.ask(input.text), test);
    rows.push({ system: system.name, ...report, build_ms: Math.round(buildMs), thresholds });
    console.error(`${name}: ${system.name} done`);
  }
  const columns = ['accuracy', 'in_scope_top1', 'recall_at_3', 'mrr', 'oos_recall', 'oos_precision', 'p50_ms', 'p95_ms', 'build_ms'] as const;
  console.log(`\n${name}: ${entries.length} entries; thresholds calibrated on ${paths.dev}, figures on ${paths.test} (${test.length} queries)`);
  console.log(printTable([['system', ...columns], ...rows.map((r) => [r.system, ...columns.map((c) => r[c])])]));
  await writeFile(new URL(`results/${name}.json`, import.meta.url), JSON.stringify({ name, date: new Date().toISOString(), kb: paths.kb, dev: paths.dev, test: paths.test, rows }, null, 2) + '\n');
  return rows;
}
