import { createBot, loadKnowledge, type KnowledgeEntry } from '../packages/core/src/index.ts';
import { loadTensorflow } from '../packages/core/src/cnn/tensor-runtime.ts';

/**
 * What a long-running server's bot holds as it is rebuilt (a new synonym table) and retrained (edits, 👍 votes):
 * TensorFlow.js memory and the process's resident memory after each round. Neither should grow with the rounds.
 * Usage: npx tsx bench/rebuild-memory.ts [KB.jsonl] [ROUNDS]  (default: the first 20 CLINC150 intents, an English
 * knowledge base whose encoder is fine-tuned, 10 rounds)
 */
const file = process.argv[2] || new URL('../../shared/datasets/clinc150/kb.jsonl', import.meta.url).pathname;
const rounds = Number(process.argv[3] || 10);
const { entries } = await loadKnowledge(file);
const knowledge: KnowledgeEntry[] = process.argv[2] ? entries : entries.slice(0, 20);
const tf = await loadTensorflow();
const megabytes = (bytes: number) => Math.round(bytes / 1e6);

let bot = await createBot({ knowledge });
for (let round = 1; round <= rounds; round++) {
  const started = performance.now();
  bot.retrain();
  await bot.trained();
  const next = await createBot({ knowledge });
  bot.close();
  await bot.trained();
  bot = next;
  await new Promise((resolve) => setImmediate(resolve));
  console.log(`round ${round}: retrained and rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s; TensorFlow.js ${tf.memory().numTensors} tensors, ${megabytes(tf.memory().numBytes)} MB; resident ${megabytes(process.memoryUsage().rss)} MB`);
}
bot.close();
