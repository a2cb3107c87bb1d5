import { normalizeText } from '../text/normalize-text.ts';
import type { Stage } from '../pipeline/turn.ts';

/** Stage 1: canonical text (width, case, script, punctuation, emoji). */
export function createNormalizeStage(): Stage {
  return {
    name: 'normalize',
    run(turn) {
      const text = normalizeText(typeof turn.text === 'string' ? turn.text : '');
      return { turn: { ...turn, text }, detail: { text } };
    },
  };
}
