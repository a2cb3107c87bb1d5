import type { Thresholds } from './types.ts';

/**
 * Rankers score on different scales: `sentence-encoder` is the default for English knowledge bases (the
 * pretrained encoder, fine-tuned), `lexical` for Chinese and bilingual ones and English ones without the encoder.
 */
export type RankerFamily = 'sentence-encoder' | 'lexical';

/**
 * Chosen per family on the dev splits it ranks (bench/calibrate-defaults.ts): `answer` maximises their mean
 * balanced accuracy (sentence encoder: CLINC150 0.848; lexical: the Chinese example 0.796 and CLINC150 without
 * the encoder 0.760); a 0.03 `margin` costs under a point of it but turns close calls ("how much?" with several
 * prices) into "did you mean" chips instead of a guess.
 * Recalibrate for your own knowledge base with `pnpm chatbot calibrate`.
 */
export const DEFAULT_THRESHOLDS: Record<RankerFamily, Thresholds> = {
  'sentence-encoder': { answer: 0.38, suggest: 0.23, margin: 0.03 },
  lexical: { answer: 0.25, suggest: 0.2, margin: 0.03 },
};
