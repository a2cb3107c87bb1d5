import type { Thresholds } from './types.ts';

/** Calibrated on the dev splits (see bench/calibrate.ts); override per bot with `thresholds`. */
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.5, suggest: 0.35, margin: 0.03 };
