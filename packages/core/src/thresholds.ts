import { CoreError } from './errors.ts';
import type { Thresholds } from './types.ts';

/**
 * Rankers score on different scales: `sentence-encoder` is the default for English knowledge bases (the
 * pretrained encoder, fine-tuned); `lexical` ranks Chinese and bilingual ones, except a bilingual one's English
 * questions (`bilingual-english`); `lexical-english` English ones without the encoder (switched off, or a CNN or
 * custom ranker in its place).
 */
export type RankerFamily = 'sentence-encoder' | 'lexical' | 'lexical-glosses' | 'lexical-english' | 'bilingual-english';

/**
 * Chosen per family on the dev split it ranks (bench/calibrate-defaults.ts): `answer` maximises balanced
 * accuracy (sentence encoder: CLINC150 0.852; lexical: the Chinese example 0.838; lexical-english: CLINC150
 * without the encoder 0.785); a 0.03 `margin` costs about a point of it but turns close calls ("how much?"
 * with several prices) into "did you mean" chips instead of a guess. `sharedWord` then lowers the answer bar
 * for questions that share a word with their best entry where that helps: on the Chinese example 0.838 ->
 * 0.865 at 0.17, none of its out-of-scope questions answered more; CLINC150 gains nothing, so there it is the
 * answer bar. Chinese queries ranked with their glosses' sentence vectors too (lexical-glosses, the default for
 * Chinese knowledge bases) score higher: 0.25 / 0.23 / 0.22 on the Chinese example's dev split, balanced
 * accuracy 0.909 (0.865 without glosses).
 * Recalibrate for your own knowledge base with `pnpm chatbot calibrate`.
 */
export const DEFAULT_THRESHOLDS: Record<RankerFamily, Thresholds> = {
  'sentence-encoder': { answer: 0.38, sharedWord: 0.38, suggest: 0.23, margin: 0.03 },
  lexical: { answer: 0.21, sharedWord: 0.17, suggest: 0.17, margin: 0.03 },
  'lexical-glosses': { answer: 0.25, sharedWord: 0.23, suggest: 0.22, margin: 0.03 },
  'lexical-english': { answer: 0.29, sharedWord: 0.29, suggest: 0.22, margin: 0.03 },
  // English questions to a bilingual knowledge base (the demo), ranked on sentence-vector similarity too. Chosen on
  // the demo's English queries: the lowest right answer scores 0.30 ("do I need a webcam"), off-topic ones 0.22-0.28
  // ("how do I cook rice", "book me a flight"). CLINC150 dev ranked this way would choose 0.40, but its entries have
  // ten English questions each where the demo's have one or two, so its scores run higher.
  'bilingual-english': { answer: 0.29, sharedWord: 0.29, suggest: 0.22, margin: 0.03 },
};

/**
 * The bars given, each checked to be a share (0 to 1): a NaN or a typo'd 38 would silently stop or force every
 * answer. An answer bar given without a shared-word bar brings it along, so raising the answer bar is not undone
 * by a lower default shared-word bar.
 */
export function checkedThresholds(given: Partial<Thresholds> = {}): Partial<Thresholds> {
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new CoreError('CORE_BAD_ARGUMENT', `the ${name} threshold must be a number from 0 to 1, not ${String(value)}`);
  }
  return given.answer !== undefined && given.sharedWord === undefined ? { ...given, sharedWord: given.answer } : given;
}

/**
 * Why bars given together are out of order, or undefined: "did you mean" is offered below the answer bar, and the
 * shared-word bar lowers the answer bar, so neither may be above it. Only bars given are compared. The server
 * refuses saved bars with the same words.
 *
 * @example
 * thresholdOrderProblem({ answer: 0.3, sharedWord: 0.9 }); // 'sharedWord must not be above answer: …'
 */
export function thresholdOrderProblem(bars: Partial<Thresholds>): string | undefined {
  if (bars.answer === undefined) return undefined;
  if (bars.suggest !== undefined && bars.suggest > bars.answer) return 'suggest must not be above answer: "did you mean" is offered below the answer bar';
  if (bars.sharedWord !== undefined && bars.sharedWord > bars.answer) return 'sharedWord must not be above answer: it lowers the answer bar for questions sharing a word with the best entry';
  return undefined;
}

/** The bars, or CORE_BAD_ARGUMENT when they are out of order (`where` names them, e.g. "english: "). */
export function orderedThresholds<T extends Partial<Thresholds>>(bars: T, where = ''): T {
  const problem = thresholdOrderProblem(bars);
  if (problem) throw new CoreError('CORE_BAD_ARGUMENT', `${where}${problem}`);
  return bars;
}
