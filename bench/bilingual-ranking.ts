import { createBot, createSentenceEncoderEmbedder, loadKnowledge, type Reranker } from '../packages/core/src/index.ts';
import { createBilingualEmbedder } from '../packages/core/src/adapters/bilingual-embedder.ts';
import { createHashingEmbedder } from '../packages/core/src/adapters/hashing-embedder.ts';
import { createLearnedReranker } from '../packages/core/src/adapters/learned-reranker.ts';
import { createSentenceVectorReranker } from '../packages/core/src/adapters/sentence-vector-reranker.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { evaluate } from '../packages/core/src/eval/evaluate.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import { isEnglishText } from '../packages/core/src/sentence-encoder/sentence-encoder-use.ts';
import { clinc150Dir } from './clinc150-data.ts';

// What a bilingual knowledge base's English queries get from the sentence encoder (createBot's choice for
// 20–80% English: bilingual vectors for recall, similarity 0.35 in ranking): CLINC150 dev as the English half,
// ranking figures (threshold-free).
const data = clinc150Dir();
const { entries } = await loadKnowledge(`${data}kb.jsonl`);
const dev = await readQueries(`${data}queries-dev.jsonl`);
const embedder = await createSentenceEncoderEmbedder();
const rows: (string | number)[][] = [['recall vectors', 'ranking', 'in_scope_top1', 'recall_at_3']];
const similarity = (weight: number) => createSentenceVectorReranker({ base: createLearnedReranker(), classifierWeight: 0, similarityWeight: weight, encoder: { embedder, covers: isEnglishText } });
const variants: [string, string, () => Promise<Reranker | undefined>, boolean][] = [
  ['hashing', 'learned features (the Chinese default)', async () => undefined, false],
  ...[0.2, 0.35, 0.5].map((w): [string, string, () => Promise<Reranker>, boolean] => ['hashing', `+ sentence-vector similarity ${w}`, async () => similarity(w), false]),
  ['bilingual', '+ sentence-vector similarity 0.35 (default)', async () => similarity(0.35), true],
];
for (const [vectors, name, reranker, bilingual] of variants) {
  const chosen = await reranker();
  const bot = await createBot({
    knowledge: entries,
    ...(bilingual ? { embedder: createBilingualEmbedder({ base: createHashingEmbedder(), english: embedder, covers: isEnglishText }) } : { sentenceEncoder: false }),
    ...(chosen ? { reranker: chosen } : {}),
  });
  const { report } = await evaluate((q) => bot.ask({ text: q.text }), dev);
  rows.push([vectors, name, report.in_scope_top1, report.recall_at_3]);
}
console.log(printTable(rows));
