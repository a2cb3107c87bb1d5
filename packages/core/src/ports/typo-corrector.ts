export interface Correction {
  from: string;
  to: string;
}

/** Fixes misspellings against a vocabulary learnt from the knowledge base. */
export interface TypoCorrector {
  /** Adds the knowledge base's own words (already normalised). */
  learn(words: Iterable<string>): void;
  /** Adds the knowledge base's questions (normalised), for correctors that look at word pairs. */
  learnPhrases?(texts: Iterable<string>): void;
  /** Returns the corrected text and what was changed; correct words are left alone. */
  correct(text: string): { text: string; corrections: Correction[] };
}
