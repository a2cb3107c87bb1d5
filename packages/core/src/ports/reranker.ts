import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Candidate } from '../types.ts';

export interface RerankQuery {
  text: string;
  tokens: readonly string[];
  vector?: Float32Array;
}

/** An entry found by recall, with its questions and the recall scores of those that were hit. */
export interface RecalledEntry {
  entryId: string;
  questions: readonly IndexedQuestion[];
  lexical: ReadonlyMap<number, number>;
  vector: ReadonlyMap<number, number>;
}

export interface RerankContext {
  /** Inverse document frequency of a term in the knowledge base. */
  idf(term: string): number;
}

/** What a trained ranker saves with the index: small JSON plus one binary weight block. */
export interface RerankerState {
  meta: unknown;
  weights: Float32Array;
}

/** Scores recalled entries against the query; returns them best first, with scores in [0, 1]. */
export interface Reranker {
  readonly id: string;
  rerank(query: RerankQuery, recalled: readonly RecalledEntry[], context: RerankContext): Candidate[] | Promise<Candidate[]>;
  /**
   * Learns from the knowledge base's questions (rankers trained on it); may take seconds but never blocks the
   * event loop for long. A slow fit stops, rejecting, once `signal` aborts (the bot was closed).
   */
  fit?(questions: readonly IndexedQuestion[], signal?: AbortSignal): Promise<void>;
  /**
   * A ranker with a slow part (fine-tuning an encoder) fits what answers well without it and says whether
   * `fit` has more to do, so a bot can answer at once and run `fit` in the background. Others leave it out.
   */
  fitQuickly?(questions: readonly IndexedQuestion[]): Promise<{ slowPartLeft: boolean }>;
  state?(): RerankerState | undefined;
  restore?(state: RerankerState): void;
  /**
   * Frees the trained weights it holds in TensorFlow.js memory, which garbage collection never returns. A closed
   * bot calls it once no answer is in flight; a ranker asked after it ranks with what needs no trained weights.
   */
  dispose?(): void;
}
