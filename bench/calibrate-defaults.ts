import { createBot } from '../packages/core/src/index.ts';
import { evaluate, type QueryResult } from '../packages/core/src/eval/evaluate.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import { clearsAnswerBar } from '../packages/core/src/stages/decide.ts';

/**
 * Chooses DEFAULT_THRESHOLDS: the answer bar and margin that maximise the mean balanced accuracy over
 * the dev splits of every benchmark (one Chinese, one English), so no single dataset decides.
 * Usage: npx tsx bench/calibrate-defaults.ts
 */
const sets = [
  { name: 'education-zh', kb: 'examples/education-zh/kb.jsonl', dev: 'examples/education-zh/queries-dev.jsonl' },
  { name: 'clinc150', kb: '../shared/datasets/clinc150/kb.jsonl', dev: '../shared/datasets/clinc150/queries-dev.jsonl' },
];
const results: QueryResult[][] = [];
for (const set of sets) {
  const bot = await createBot({ knowledge: set.kb });
  results.push((await evaluate((input) => bot.ask(input), await readQueries(set.dev))).results);
}
function balanced(rows: QueryResult[], answer: number, margin: number): number {
  let right = 0, inScope = 0, oosRight = 0, oos = 0;
  for (const { query, outcome } of rows) {
    const answered = clearsAnswerBar(outcome.candidates, { answer, suggest: answer, margin }) ? outcome.candidates[0]?.entryId : undefined;
    if (query.id === null) [oos, oosRight] = [oos + 1, oosRight + (answered === undefined ? 1 : 0)];
    else [inScope, right] = [inScope + 1, right + (answered === query.id ? 1 : 0)];
  }
  return (right / inScope + oosRight / oos) / 2;
}
// Per margin, so the cost of asking "did you mean" on close calls is visible before picking one.
for (const margin of [0, 0.01, 0.02, 0.03, 0.05, 0.08]) {
  let best = { score: 0, answer: 0, margin, perSet: [] as number[] };
  for (let answer = 0.05; answer <= 0.8; answer += 0.01) {
    const perSet = results.map((rows) => balanced(rows, answer, margin));
    const score = perSet.reduce((a, b) => a + b, 0) / perSet.length;
    if (score > best.score) best = { score, answer: Math.round(answer * 100) / 100, margin, perSet };
  }
  console.log(JSON.stringify({ answer: best.answer, margin: best.margin, meanBalancedAccuracy: Math.round(best.score * 1000) / 1000, perSet: Object.fromEntries(sets.map((s, i) => [s.name, Math.round(best.perSet[i]! * 1000) / 1000])) }));
}
