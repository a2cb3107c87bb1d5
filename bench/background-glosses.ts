import { createBot } from '../packages/core/src/index.ts';
import { synthetic } from './scale-data.ts';

/**
 * How soon a bot over a Chinese knowledge base answers when it encodes its glosses in the background (as the
 * server does) and when it encodes them before returning: the Chinese half of the scale bench's synthetic
 * entries, two questions each. Usage: npx tsx bench/background-glosses.ts [ENTRIES]   (default 1,000)
 */
const n = Number(process.argv[2] ?? 1000);
const entries = synthetic(n * 2).filter((_, i) => i % 2 === 0);
for (const trainInBackground of [true, false]) {
  const t0 = performance.now();
  const bot = await createBot({ knowledge: entries, trainInBackground });
  const ready = performance.now() - t0;
  const t1 = performance.now();
  const first = await bot.ask({ text: entries[3]!.questions[0]! });
  const askMs = performance.now() - t1;
  await bot.trained();
  const total = performance.now() - t0;
  console.log(JSON.stringify({ entries: entries.length, trainInBackground, reranker: bot.info().reranker, answersAfterMs: Math.round(ready), firstAskMs: Math.round(askMs), firstKind: first.kind, trainedAfterMs: Math.round(total) }));
  bot.close();
}
