/** Splits normalised text into index terms (Chinese words, stemmed English words). */
export interface Segmenter {
  segment(text: string): string[];
  /** Adds domain words (e.g. the knowledge base's own terms) so they are kept whole. */
  addWords(words: Iterable<string>): void;
  /** A function word of the language ("要", "吗", "the"), given as `segment` returns it: it names no topic. */
  isStopWord?(token: string): boolean;
}
