import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { Stage } from '../pipeline/turn.ts';
import type { Candidate, Thresholds } from '../types.ts';
import { round } from './recall-lexical.ts';
import { sharesContentWord } from './shared-word.ts';
import { topicUnclear } from './unclear-topic.ts';
import { answerInLanguageOf } from '../text/answer-language.ts';
import { questionInScriptOf } from '../text/question-in-script.ts';

export const MAX_SUGGESTIONS = 3;

const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Stage 7: answer when the best entry is confident and clearly ahead; suggest up to three
 * "did you mean" entries when it is plausible; otherwise no answer (hand-off material).
 */
/**
 * True when the best candidate is confident and clearly ahead of the next one. `sharesWord`: the question
 * shares a content word with the best entry, which then needs only the `sharedWord` bar.
 */
export function clearsAnswerBar(candidates: readonly Pick<Candidate, 'score'>[], thresholds: Pick<Thresholds, 'answer' | 'margin' | 'sharedWord'>, sharesWord = false): boolean {
  const [top, second] = candidates;
  const bar = sharesWord ? Math.min(thresholds.answer, thresholds.sharedWord ?? thresholds.answer) : thresholds.answer;
  return top !== undefined && top.score >= bar && top.score - (second?.score ?? 0) >= thresholds.margin;
}

export function createDecideStage(index: KnowledgeIndex, thresholds: (text: string) => Thresholds): Stage {
  return {
    name: 'decide',
    run(turn) {
      const bars = thresholds(turn.input.text);
      // The bars this question was judged by (a bilingual bot's English questions have their own), in every detail.
      const used = { bars: { answer: bars.answer, sharedWord: Math.min(bars.answer, bars.sharedWord ?? bars.answer), suggest: bars.suggest, margin: bars.margin } };
      const [top, second] = turn.candidates;
      const base = { candidates: turn.candidates, trace: turn.trace };
      // Text with no letter or digit of any script left (".*+?^${}()|[]" leaves "+"; emoji leave nothing) says nothing to match.
      if (!WORDLIKE.test(turn.text)) {
        return { turn: { ...turn, outcome: { kind: 'no-answer', reason: 'empty-input', confidence: 0, ...base } }, detail: { kind: 'no-answer', reason: 'empty-input', ...used } };
      }
      if (!top) {
        return { turn: { ...turn, outcome: { kind: 'no-answer', reason: 'no-candidates', confidence: 0, ...base } }, detail: { kind: 'no-answer', reason: 'no-candidates', ...used } };
      }
      const gap = top.score - (second?.score ?? 0);
      const entry = index.entry(top.entryId);
      const contextUsed = turn.trace.some((t) => t.stage === 'context' && (t.detail as { used?: boolean } | undefined)?.used);
      const unclear = !contextUsed && topicUnclear(index, turn.tokens, turn.candidates, (turn.input.history?.length ?? 0) === 0);
      // Recorded for every decision, so calibration can replay it at other bars.
      const sharesWord = sharesContentWord(index, turn.tokens, top.entryId);
      if (entry && !unclear && clearsAnswerBar(turn.candidates, bars, sharesWord)) {
        const outcome = { kind: 'answer' as const, entryId: entry.id, text: answerInLanguageOf(entry.answer, turn.input.text), confidence: top.score, ...base };
        return { turn: { ...turn, outcome }, detail: { kind: 'answer', entryId: entry.id, confidence: round(top.score), gap: round(gap), sharesWord, ...used } };
      }
      const { suggest } = bars;
      if (top.score >= suggest) {
        // An unclear topic offers the entries that answer the same attribute, one per topic.
        const attribute = unclear ? entry?.attribute : undefined;
        const suggestions = turn.candidates
          .filter((c) => c.score >= suggest && (attribute === undefined || index.entry(c.entryId)?.attribute === attribute))
          .slice(0, MAX_SUGGESTIONS)
          .map((c) => ({ entryId: c.entryId, question: questionInScriptOf(c.question, index.entry(c.entryId)?.questions ?? [], turn.input.text), score: c.score }));
        const outcome = { kind: 'suggest' as const, suggestions, confidence: top.score, ...base };
        return { turn: { ...turn, outcome }, detail: { kind: 'suggest', entryIds: suggestions.map((s) => s.entryId), confidence: round(top.score), gap: round(gap), sharesWord, ...(unclear ? { reason: 'topic-unclear' } : {}), ...used } };
      }
      const outcome = { kind: 'no-answer' as const, reason: 'low-confidence' as const, confidence: top.score, ...base };
      return { turn: { ...turn, outcome }, detail: { kind: 'no-answer', reason: 'low-confidence', confidence: round(top.score), gap: round(gap), sharesWord, ...used } };
    },
  };
}
