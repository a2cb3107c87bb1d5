import type { Stage } from '../pipeline/turn.ts';

/** Stage 1: canonical text (width, case, script, numerals, punctuation, emoji; the bot's synonyms). */
export function createNormalizeStage(normalize: (text: string) => string): Stage {
  return {
    name: 'normalize',
    run(turn) {
      const text = normalize(typeof turn.text === 'string' ? turn.text : '');
      return { turn: { ...turn, text }, detail: { text } };
    },
  };
}
