import type { Bm25Index } from '../adapters/bm25-index.ts';
import type { Stage } from '../pipeline/turn.ts';

/** Stage 4: BM25 over the inverted index of segmented questions. */
export function createRecallLexicalStage(bm25: Bm25Index, limit: number): Stage {
  return {
    name: 'recall-lexical',
    run(turn) {
      const hits = bm25.search(turn.tokens, limit);
      const lexical = new Map(hits.map((h) => [h.docId, h.score]));
      return { turn: { ...turn, lexical }, detail: { hits: hits.length, top: hits.slice(0, 5).map((h) => ({ docId: h.docId, score: round(h.score) })) } };
    },
  };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
