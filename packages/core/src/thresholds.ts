import type { Thresholds } from './types.ts';

/**
 * Chosen on the dev splits of the Chinese education example and CLINC150 together (bench/calibrate-defaults.ts):
 * `answer` maximises their mean balanced accuracy; a 0.03 `margin` costs 0.7 points of it but turns close
 * calls ("how much?" with several prices) into "did you mean" chips instead of a guess.
 * Recalibrate for your own knowledge base with `pnpm chatbot calibrate`.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.29, suggest: 0.18, margin: 0.03 };
