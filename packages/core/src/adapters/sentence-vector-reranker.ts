import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Reranker } from '../ports/reranker.ts';
import { cosine } from '../text/similarity.ts';
import { entryScore } from './feature-reranker.ts';
import { MAX_CLASSIFIER_ENTRIES } from './entry-classifier.ts';
import { restoreVectorClassifier, trainVectorClassifier, type VectorClassifier, type VectorClassifierOptions } from './vector-classifier.ts';

export interface SentenceVectorRerankerOptions extends VectorClassifierOptions {
  /** The ranker whose scores are blended (the learned feature ranker in createBot). */
  base: Reranker;
  /** Share of the entry's sentence-vector similarity (its best and runner-up questions) in the final score. */
  similarityWeight?: number;
  /** Share of the sentence-vector classifier's probability of the entry. */
  classifierWeight?: number;
}

/**
 * For a pretrained sentence embedder (vectors in which paraphrases are close): blends the base ranker
 * with how close the query's vector is to each entry's questions and with a softmax classifier trained on
 * those vectors. Weights tuned on CLINC150 dev with the Universal Sentence Encoder (bench/clinc150.ts).
 */
export function createSentenceVectorReranker({ base, similarityWeight = 0.2, classifierWeight = 0.2, ...training }: SentenceVectorRerankerOptions): Reranker {
  let classifier: VectorClassifier | undefined;
  return {
    id: `sentence-vectors(${base.id})`,
    async rerank(query, recalled, context) {
      const candidates = await base.rerank(query, recalled, context);
      const vector = query.vector;
      if (!vector) return candidates;
      const model = classifier;
      const probability = model ? model.probabilities(vector) : undefined;
      const column = new Map(model?.entryIds.map((id, i) => [id, i]));
      const questionsOf = new Map(recalled.map((entry) => [entry.entryId, entry.questions]));
      return candidates
        .map((c) => {
          const similarity = entryScore((questionsOf.get(c.entryId) ?? []).map((q) => cosine(vector, q.vector)).sort((a, b) => b - a));
          const i = column.get(c.entryId);
          const learned = probability && i !== undefined ? probability[i]! : undefined;
          const score =
            learned === undefined
              ? (1 - similarityWeight) * c.score + similarityWeight * similarity
              : (1 - similarityWeight - classifierWeight) * c.score + similarityWeight * similarity + classifierWeight * learned;
          return { ...c, score };
        })
        .sort((a, b) => b.score - a.score);
    },
    async fit(questions: readonly IndexedQuestion[]) {
      await base.fit?.(questions);
      const entries = new Set(questions.map((q) => q.entryId));
      classifier = entries.size >= 2 && entries.size <= MAX_CLASSIFIER_ENTRIES ? await trainVectorClassifier(questions, training) : undefined;
    },
    state() {
      const baseState = base.state?.();
      if (!classifier) return baseState;
      const { weights, ...meta } = classifier.state();
      return { meta: { vectors: meta, base: baseState?.meta }, weights: concat(weights, baseState?.weights) };
    },
    restore(state) {
      const meta = state.meta as { vectors?: { entryIds: string[]; dimension: number }; base?: unknown };
      if (!meta?.vectors) return base.restore?.(state);
      const size = meta.vectors.entryIds.length * (meta.vectors.dimension + 1);
      classifier = restoreVectorClassifier({ ...meta.vectors, weights: state.weights.slice(0, size) }, training.temperature);
      if (meta.base !== undefined) base.restore?.({ meta: meta.base, weights: state.weights.slice(size) });
    },
  };
}

function concat(a: Float32Array, b: Float32Array | undefined): Float32Array {
  if (!b) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
