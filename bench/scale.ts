import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createBot } from '../packages/core/src/index.ts';
import { percentile } from '../packages/core/src/eval/evaluate.ts';
import { printTable } from '../packages/core/src/cli/print-table.ts';
import { random, synthetic } from './scale-data.ts';

/**
 * Build time, memory and ask latency at 1k, 10k and 100k synthetic entries (two questions each,
 * half Chinese, half English, drawn from word pools so entries overlap the way real FAQs do).
 * Usage: npx tsx bench/scale.ts [sizes...]   e.g. npx tsx bench/scale.ts 1000 10000
 */
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
// Dictionaries (jieba, pinyin, word frequencies) load once per process: keep them out of the figures.
await (await createBot({ knowledge: synthetic(10), sentenceEncoder: false })).ask({ text: '预热 warm up' });
const rows: Record<string, number>[] = [];
for (const n of sizes.length ? sizes : [1_000, 10_000, 100_000]) {
  const entries = synthetic(n);
  global.gc?.();
  const heapBefore = process.memoryUsage().rss;
  const began = performance.now();
  // The bar excludes a transformer model: up to 20,000 questions the default would encode the English half with the sentence encoder (README: figures with it).
  const bot = await createBot({ knowledge: entries, sentenceEncoder: false });
  const buildMs = performance.now() - began;
  global.gc?.();
  const rssMb = (process.memoryUsage().rss - heapBefore) / 1e6;
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < 500; i++) {
    const entry = entries[Math.floor(random() * n)]!;
    const text = entry.questions[0]!.replace(/的|the /, '');
    const t = performance.now();
    const outcome = await bot.ask({ text });
    times.push(performance.now() - t);
    if (outcome.candidates[0]?.entryId === entry.id) hits++;
  }
  times.sort((a, b) => a - b);
  rows.push({ entries: n, build_s: Math.round(buildMs / 100) / 10, memory_mb: Math.round(rssMb), p50_ms: Math.round(percentile(times, 50) * 100) / 100, p95_ms: Math.round(percentile(times, 95) * 100) / 100, top1: Math.round((hits / 500) * 1000) / 1000 });
  console.error(JSON.stringify(rows.at(-1)));
}
console.log(printTable([Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))]));
await writeFile(new URL('results/scale.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), note: 'p95 excludes any transformer model; default hashing embedder + feature reranker', rows }, null, 2) + '\n');
