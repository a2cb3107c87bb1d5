import { writeFile } from 'node:fs/promises';
import { createBot, type HistoryTurn } from '../packages/core/src/index.ts';

/**
 * Latency of follow-up questions, and of single ones the tags make unclear ("price"), on a knowledge base
 * with topic/attribute tags (synthetic: N/10 products × 10 attributes, three questions each).
 */
const SIZES = [1000, 10_000];
const REPEATS = 30;
const ATTRIBUTES = ['price', 'time', 'how', 'where', 'who', 'refund', 'limit', 'size', 'color', 'warranty'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: { entries: number; build_s: number; follow_up_median_ms: number; unclear_single_median_ms: number }[] = [];
for (const size of SIZES) {
  const knowledge = Array.from({ length: size / ATTRIBUTES.length }, (_, i) =>
    ATTRIBUTES.map((a, j) => ({ id: `p${i}-${a}`, topic: `product${i}`, attribute: a, questions: [`what is the ${a} of product ${i}`, `product ${i} ${a} please`, `tell me about ${a} for item ${i}`], answer: `The ${a} of product ${i} is ${j} days.` })),
  ).flat();
  const started = performance.now();
  const bot = await createBot({ knowledge, sentenceEncoder: false, fineTuneEncoder: false });
  const build = (performance.now() - started) / 1000;
  const first = await bot.ask({ text: 'what is the price of product 7' });
  const history: HistoryTurn[] = [{ role: 'user', text: 'what is the price of product 7' }, { role: 'bot', text: first.kind === 'answer' ? first.text : '', ...(first.kind === 'answer' ? { entryId: first.entryId } : {}) }];
  const time = async (ask: () => Promise<unknown>) => {
    const taken: number[] = [];
    for (let k = 0; k < REPEATS; k++) {
      const t = performance.now();
      await ask();
      taken.push(performance.now() - t);
    }
    return Math.round(median(taken) * 10) / 10;
  };
  rows.push({ entries: size, build_s: Math.round(build * 10) / 10, follow_up_median_ms: await time(() => bot.ask({ text: 'and how long is it', history })), unclear_single_median_ms: await time(() => bot.ask({ text: 'price' })) });
  bot.close();
}
console.table(rows);
await writeFile(new URL('results/tagged-follow-ups.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + '\n');
