import type { TypoCorrector } from '../ports/typo-corrector.ts';
import type { Stage } from '../pipeline/turn.ts';

/** Stage 2: rejoin separable words and fix Chinese homophone, look-alike and English spelling errors against the KB's vocabulary. */
export function createCorrectTyposStage(correctors: readonly TypoCorrector[]): Stage {
  return {
    name: 'correct-typos',
    run(turn) {
      let text = turn.text;
      const corrections = [];
      for (const corrector of correctors) {
        const result = corrector.correct(text);
        text = result.text;
        corrections.push(...result.corrections);
      }
      return { turn: { ...turn, text }, detail: { text, corrections } };
    },
  };
}
