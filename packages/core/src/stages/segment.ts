import type { Segmenter } from '../ports/segmenter.ts';
import type { Stage } from '../pipeline/turn.ts';

/** Stage 3: split into index terms (jieba words, stemmed English). */
export function createSegmentStage(segmenter: Segmenter): Stage {
  return {
    name: 'segment',
    run(turn) {
      const tokens = segmenter.segment(turn.text);
      return { turn: { ...turn, tokens }, detail: { tokens } };
    },
  };
}
