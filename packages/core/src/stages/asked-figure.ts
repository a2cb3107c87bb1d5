import type { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import type { Stage } from '../pipeline/turn.ts';
import type { Thresholds } from '../types.ts';
import { askedMeasure, statesMeasure } from './asked-measure.ts';
import { round } from './recall-lexical.ts';

/** How much an entry whose answer states no figure of the kind asked for ("小班一节课多少钱": no price) is held back. */
export const UNSTATED_FIGURE_FACTOR = 0.5;

/**
 * A question that asks for a kind of figure (a price, a length of time, how often, …) is answered by an entry
 * whose answer states one: "小班一节课多少钱" matched the lesson length on "一节课" better than the small-class
 * price. Entries whose answers state none are held back, but only next to a plausible one that does (above the
 * suggest bar, or scoring at least what the top keeps once held back: "孩子四岁能学吗" has the age range under the
 * bar, the placement test above it): an answer such as "see the price list" still answers where no entry states a price. An
 * answer saying something is free is not held back (it answers "要钱吗" about that), but does not hold others back.
 */
export function createAskedFigureStage(index: KnowledgeIndex, thresholds: (text: string) => Thresholds): Stage {
  return {
    name: 'asked-figure',
    run(turn) {
      const measure = askedMeasure(turn.text);
      if (measure === undefined) return { turn, detail: { measure: null } };
      const states = (entryId: string, amountOnly = false) => statesMeasure(index.entry(entryId)?.answer ?? '', measure, amountOnly);
      const { suggest } = thresholds(turn.input.text);
      const plausible = Math.min(suggest, (turn.candidates[0]?.score ?? 0) * UNSTATED_FIGURE_FACTOR);
      if (!turn.candidates.some((c) => c.score >= plausible && states(c.entryId, true))) return { turn, detail: { measure, heldBack: [] } };
      const heldBack: string[] = [];
      const candidates = turn.candidates
        .map((c) => {
          if (states(c.entryId)) return c;
          heldBack.push(c.entryId);
          return { ...c, score: c.score * UNSTATED_FIGURE_FACTOR };
        })
        .sort((a, b) => b.score - a.score);
      return { turn: { ...turn, candidates }, detail: { measure, heldBack: heldBack.slice(0, 5), top: candidates.slice(0, 3).map((c) => ({ entryId: c.entryId, score: round(c.score) })) } };
    },
  };
}
