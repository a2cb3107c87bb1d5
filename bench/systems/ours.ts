import { createBot } from '../../packages/core/src/index.ts';
import type { SystemFactory } from './system.ts';

/** Our pipeline with its defaults (download-free hashing embedder, feature reranker). */
export const ours: SystemFactory = async (kb) => {
  const bot = await createBot({ knowledge: kb });
  return { name: 'ours', ask: (text) => bot.ask({ text }), calibrate: (thresholds) => bot.setThresholds(thresholds) };
};
