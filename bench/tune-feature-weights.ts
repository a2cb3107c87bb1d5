import { createBot, createFeatureReranker } from '../packages/core/src/index.ts';
import { entryScore, featuresOf, type SimilarityFeatures } from '../packages/core/src/adapters/feature-reranker.ts';
import { loadWinkWordVectors } from '../packages/core/src/adapters/wink-word-vectors.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import type { Reranker } from '../packages/core/src/ports/reranker.ts';

/**
 * Random search over the feature ranker's weights on a dev split, maximising in-scope top-1.
 * Usage: npx tsx bench/tune-feature-weights.ts KB.jsonl DEV.jsonl [--word-vectors]
 */
const [kbPath, devPath, flag] = process.argv.slice(2) as [string, string, string | undefined];
const wordVectors = flag === '--word-vectors' ? await loadWinkWordVectors() : undefined;
const dev = await readQueries(devPath);
type Row = { id: string | null; entries: { id: string; feats: SimilarityFeatures[] }[] };
let current: Row['entries'] = [];
const base = createFeatureReranker();
const capturing: Reranker = {
  id: 'capture',
  rerank(query, recalled, context) {
    current = recalled.map((e) => ({ id: e.entryId, feats: featuresOf(query, e, context, wordVectors).map((f) => f.features) }));
    return base.rerank(query, recalled, context);
  },
};
const bot = await createBot({ knowledge: kbPath, reranker: capturing, recall: { entries: 30 } });
const rows: Row[] = [];
for (const q of dev) {
  current = [];
  await bot.ask({ text: q.query });
  rows.push({ id: q.id, entries: current });
}
const keys = Object.keys(rows.find((r) => r.entries.length)!.entries[0]!.feats[0]!) as (keyof SimilarityFeatures)[];
const top1 = (w: number[]) => {
  let right = 0, inScope = 0;
  for (const row of rows) {
    if (!row.id) continue;
    inScope++;
    let best = '', bestScore = -1;
    for (const e of row.entries) {
      const s = entryScore(e.feats.map((f) => keys.reduce((a, k, i) => a + w[i]! * f[k], 0)).sort((a, b) => b - a));
      if (s > bestScore) [best, bestScore] = [e.id, s];
    }
    if (best === row.id) right++;
  }
  return right / inScope;
};
let seed = 7;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const start = keys.map((k) => (k === 'semanticCoverage' && !wordVectors ? 0 : 1 / keys.length));
let best = { score: top1(start), weights: start };
console.log('features', keys.join(','), 'start', best.score.toFixed(4));
for (let it = 0; it < 1200; it++) {
  const w = (it < 400 ? keys.map(() => random()) : best.weights.map((x) => Math.max(0, x + (random() - 0.5) * 0.15))).map((x, i) => (keys[i] === 'semanticCoverage' && !wordVectors ? 0 : x));
  const sum = w.reduce((a, b) => a + b, 0);
  const normalised = w.map((x) => x / sum);
  const score = top1(normalised);
  if (score > best.score) {
    best = { score, weights: normalised };
    console.log(it, score.toFixed(4), normalised.map((x) => x.toFixed(3)).join(','));
  }
}
console.log(JSON.stringify({ in_scope_top1: best.score, weights: Object.fromEntries(keys.map((k, i) => [k, Math.round(best.weights[i]! * 100) / 100])) }));
