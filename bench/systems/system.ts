import type { BotOptions, KnowledgeEntry, Outcome, Thresholds } from '../../packages/core/src/index.ts';
import { clearsAnswerBar } from '../../packages/core/src/stages/decide.ts';

/** A question-answering system under comparison: built from a knowledge base, asked one query at a time. */
export interface System {
  name: string;
  ask(text: string): Promise<Outcome>;
  /** Applies thresholds chosen on the dev split. */
  calibrate(thresholds: Thresholds): void;
}

/** `botOptions`: what the dataset asks of our bots (e.g. `answerWeight: 0` where answers are labels); other systems ignore it. */
export type SystemFactory = (kb: readonly KnowledgeEntry[], language: 'en' | 'zh', botOptions: Partial<BotOptions>) => Promise<System>;

/** A system that only ranks: it answers when its top score clears the same calibrated bar as ours. */
export function rankingSystem(name: string, rank: (text: string) => Promise<{ id: string; score: number }[]>): System {
  let thresholds: Thresholds = { answer: 0, suggest: 0, margin: 0 };
  return {
    name,
    async ask(text) {
      const candidates = (await rank(text)).map((r) => ({ entryId: r.id, question: '', lexical: 0, vector: 0, score: r.score }));
      const top = candidates[0];
      return top && clearsAnswerBar(candidates, thresholds)
        ? { kind: 'answer', entryId: top.entryId, text: '', confidence: top.score, candidates, trace: [] }
        : { kind: 'no-answer', reason: 'low-confidence', confidence: top?.score ?? 0, candidates, trace: [] };
    },
    calibrate(next) {
      thresholds = next;
    },
  };
}
