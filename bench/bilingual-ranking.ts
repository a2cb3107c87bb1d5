import { createBot, createSentenceEncoderEmbedder, loadKnowledge, type Reranker } from '../packages/core/src/index.ts';
import { createLearnedReranker } from '../packages/core/src/adapters/learned-reranker.ts';
import { createSentenceVectorReranker } from '../packages/core/src/adapters/sentence-vector-reranker.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { evaluate } from '../packages/core/src/eval/evaluate.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import { isEnglishText } from '../packages/core/src/sentence-encoder/sentence-encoder-use.ts';

// What a bilingual knowledge base's English queries get from the sentence encoder when recall stays on the
// hashing vectors (createBot's choice for 20–80% English): CLINC150 dev, ranking figures (threshold-free).
const data = new URL('../../shared/datasets/clinc150/', import.meta.url).pathname;
const { entries } = await loadKnowledge(`${data}kb.jsonl`);
const dev = await readQueries(`${data}queries-dev.jsonl`);
const embedder = await createSentenceEncoderEmbedder();
const rows: (string | number)[][] = [['ranking on hashing recall', 'in_scope_top1', 'recall_at_3']];
const variants: [string, Reranker | undefined][] = [
  ['learned features (Chinese-only default)', undefined],
  ...[0.2, 0.35, 0.5].map((w): [string, Reranker] => [`+ sentence-vector similarity ${w}`, createSentenceVectorReranker({ base: createLearnedReranker(), classifierWeight: 0, similarityWeight: w, encoder: { embedder, covers: isEnglishText } })]),
];
for (const [name, reranker] of variants) {
  const bot = await createBot({ knowledge: entries, sentenceEncoder: false, ...(reranker ? { reranker } : {}) });
  const { report } = await evaluate((q) => bot.ask({ text: q.text }), dev);
  rows.push([name, report.in_scope_top1, report.recall_at_3]);
}
console.log(printTable(rows));
