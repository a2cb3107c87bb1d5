import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { RecalledEntry, Reranker } from '../ports/reranker.ts';
import type { Stage } from '../pipeline/turn.ts';
import { answerCoverage, blendAnswerCoverage } from './answer-coverage.ts';
import { round } from './recall-lexical.ts';

/**
 * Stage 6: fuse lexical and vector candidates by entry, score them with the reranker and blend in how much of
 * the query each entry's answer covers (`answerWeight`, 0 to rank on the questions alone).
 */
export function createRerankStage(index: KnowledgeIndex, reranker: Reranker, maxEntries: number, answerWeight: number): Stage {
  return {
    name: 'rerank',
    async run(turn) {
      const byEntry = new Map<string, { lexical: Map<number, number>; vector: Map<number, number>; best: number }>();
      const fuse = (hits: Map<number, number>, channel: 'lexical' | 'vector') => {
        // Reciprocal-rank fusion over entries decides which are worth scoring: each entry counts once per channel,
        // at the rank of its best question, so an entry with many questions sharing a common word ("能…吗") does
        // not push out the one whose question matches best ("几岁可以上课" for "十二岁还能学吗").
        let rank = 0;
        for (const [docId, score] of hits) {
          const question = index.question(docId);
          if (!question) continue;
          let slot = byEntry.get(question.entryId);
          if (!slot) byEntry.set(question.entryId, (slot = { lexical: new Map(), vector: new Map(), best: 0 }));
          if (slot[channel].size === 0) slot.best += 1 / (60 + rank++);
          slot[channel].set(docId, score);
        }
      };
      fuse(turn.lexical, 'lexical');
      fuse(turn.vector, 'vector');
      const recalled: RecalledEntry[] = [...byEntry.entries()]
        .sort((a, b) => b[1].best - a[1].best)
        .slice(0, maxEntries)
        .map(([entryId, slot]) => ({ entryId, questions: index.questionsOf(entryId), lexical: slot.lexical, vector: slot.vector }));
      const ranked = await reranker.rerank({ text: turn.text, tokens: turn.tokens, ...(turn.queryVector ? { vector: turn.queryVector } : {}) }, recalled, { idf: index.bm25.idf });
      const candidates = blendAnswerCoverage(ranked, (entryId) => answerCoverage(turn.tokens, index.answerTerms(entryId), index.bm25.idf), answerWeight);
      return {
        turn: { ...turn, candidates },
        detail: {
          reranker: reranker.id,
          answerWeight,
          candidates: candidates.slice(0, 5).map((c) => ({ entryId: c.entryId, question: c.question, lexical: round(c.lexical), vector: round(c.vector), score: round(c.score) })),
        },
      };
    },
  };
}
