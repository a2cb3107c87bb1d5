import { clusterQuestions, createBot, defaultClusterThreshold, loadKnowledge } from '../packages/core/src/index.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import { clinc150Dir } from './clinc150-data.ts';

// How well unanswered questions are grouped by meaning, per embedder and bar: 800 in-scope CLINC150 dev
// queries (40 intents). Purity: share of questions in their cluster's majority intent; pair recall: share of
// same-intent pairs put in one cluster. This chose the default bar of each embedder.
const data = clinc150Dir();
const { entries } = await loadKnowledge(`${data}kb.jsonl`);
const queries = (await readQueries(`${data}queries-dev.jsonl`)).filter((q) => q.id !== null).slice(0, 800);
const rows: (string | number)[][] = [['embedder', 'threshold', 'clusters', 'purity', 'pair_recall']];
for (const sentenceEncoder of [false, true]) {
  const bot = await createBot({ knowledge: entries, sentenceEncoder });
  const items = await Promise.all(queries.map(async (q) => ({ ...(await bot.analyze(q.query)), text: q.query, count: 1, intent: q.id })));
  for (const threshold of [0.5, 0.6, 0.7, 0.8]) {
    const clusters = clusterQuestions(items, { threshold });
    const clusterOf = new Map<(typeof items)[number], number>();
    let majority = 0;
    clusters.forEach((cluster, i) => {
      const counts = new Map<string | null, number>();
      for (const m of cluster.members) [clusterOf.set(m, i), counts.set(m.intent, (counts.get(m.intent) ?? 0) + 1)];
      majority += Math.max(...counts.values());
    });
    let [pairs, together] = [0, 0];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        if (items[i]!.intent !== items[j]!.intent) continue;
        pairs++;
        if (clusterOf.get(items[i]!) === clusterOf.get(items[j]!)) together++;
      }
    }
    const isDefault = threshold === defaultClusterThreshold(sentenceEncoder) ? ' (default)' : '';
    rows.push([bot.info().embedder, `${threshold}${isDefault}`, clusters.length, (majority / items.length).toFixed(3), (together / pairs).toFixed(3)]);
  }
}
console.log(printTable(rows));
