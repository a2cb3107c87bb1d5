import MiniSearch from 'minisearch';
import { createJiebaSegmenter } from '../../packages/core/src/adapters/jieba-segmenter.ts';
import { rankingSystem, type SystemFactory } from './system.ts';

/**
 * A plain BM25 baseline: MiniSearch over every question, entry = its best question. Chinese text is
 * segmented with jieba (MiniSearch splits on spaces only). Scores are squashed into [0, 1) for the bar.
 */
export const minisearch: SystemFactory = async (kb, language) => {
  const segmenter = createJiebaSegmenter();
  const tokenize = language === 'zh' ? (text: string) => segmenter.segment(text.toLowerCase()) : undefined;
  const search = new MiniSearch<{ id: number; entryId: string; text: string }>({ fields: ['text'], storeFields: ['entryId'], ...(tokenize ? { tokenize } : {}) });
  let id = 0;
  search.addAll(kb.flatMap((entry) => entry.questions.map((text) => ({ id: id++, entryId: entry.id, text }))));
  return rankingSystem('MiniSearch BM25', async (text) => {
    const best = new Map<string, number>();
    for (const hit of search.search(text, { combineWith: 'OR', fuzzy: 0.2 })) {
      const entryId = String(hit['entryId']);
      if (!best.has(entryId)) best.set(entryId, hit.score / (hit.score + 10));
    }
    return [...best.entries()].map(([entryId, score]) => ({ id: entryId, score }));
  });
};
