import type { Embedder } from '../ports/embedder.ts';
import type { VectorIndex } from '../ports/vector-index.ts';
import type { Stage } from '../pipeline/turn.ts';
import { round } from './recall-lexical.ts';

/** Stage 5: nearest questions by sentence embedding (hnswlib). */
export function createRecallVectorStage(embedder: Embedder, index: VectorIndex, limit: number): Stage {
  return {
    name: 'recall-vector',
    async run(turn) {
      if (!turn.text) return { turn, detail: { hits: 0 } };
      const [queryVector] = await embedder.embed([{ text: turn.text, tokens: turn.tokens }]);
      const hits = index.search(queryVector!, limit);
      const vector = new Map(hits.map((h) => [h.docId, h.similarity]));
      return {
        turn: { ...turn, queryVector, vector },
        detail: { embedder: embedder.id, hits: hits.length, top: hits.slice(0, 5).map((h) => ({ docId: h.docId, similarity: round(h.similarity) })) },
      };
    },
  };
}
