/** Pre-trained word embeddings: what a word means, for matching paraphrases that share no words. */
export interface WordVectors {
  readonly id: string;
  readonly dimension: number;
  /** Unit-length vector of a lower-case word, or undefined when the word is unknown. */
  vector(word: string): Float32Array | undefined;
}
