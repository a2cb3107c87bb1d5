import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Embedder } from '../ports/embedder.ts';
import type { RecalledEntry, Reranker, RerankQuery } from '../ports/reranker.ts';
import { concatVectors, cosine } from '../text/similarity.ts';
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
  /**
   * Its own sentence encoder, for a knowledge base indexed with other vectors (a bilingual one on the hashing
   * embedder): only the questions and queries it `covers` (the English ones) are encoded and scored; the
   * others keep the base ranker's order. Without it, the index's own vectors are used.
   */
  encoder?: { embedder: Embedder; covers(text: string): boolean };
}

/** How close a query vector is to an entry: its best question plus half its runner-up (as the feature ranker scores entries). */
export function entrySimilarity(query: Float32Array, questionVectors: readonly Float32Array[]): number {
  return entryScore(questionVectors.map((v) => cosine(query, v)).sort((a, b) => b - a));
}

/** The base score blended with the sentence-vector similarity and, for entries the classifier knows, its probability. */
export function blendVectorScores(base: number, similarity: number, learned: number | undefined, { similarityWeight, classifierWeight }: { similarityWeight: number; classifierWeight: number }): number {
  return learned === undefined
    ? (1 - similarityWeight) * base + similarityWeight * similarity
    : (1 - similarityWeight - classifierWeight) * base + similarityWeight * similarity + classifierWeight * learned;
}

/**
 * For a pretrained sentence embedder (vectors in which paraphrases are close): blends the base ranker
 * with how close the query's vector is to each entry's questions and with a softmax classifier trained on
 * those vectors. Weights tuned on CLINC150 dev with the Universal Sentence Encoder (bench/clinc150.ts).
 */
export function createSentenceVectorReranker({ base, similarityWeight = 0.2, classifierWeight = 0.2, encoder, ...training }: SentenceVectorRerankerOptions): Reranker {
  let classifier: VectorClassifier | undefined;
  // With an own encoder, `fitQuickly` leaves the questions' encoding to `fit` in the background: until then the base ranks alone.
  let encoding = false;
  // With an own encoder: question text -> its vector, filled at fit and, after a restore or an edit, on first use.
  const encoded = new Map<string, Float32Array>();

  async function encode(texts: readonly string[]): Promise<void> {
    const missing = [...new Set(texts.filter((t) => !encoded.has(t)))];
    if (!encoder || missing.length === 0) return;
    const vectors = await encoder.embedder.embed(missing.map((text) => ({ text, tokens: [] })));
    missing.forEach((text, i) => encoded.set(text, vectors[i]!));
  }

  async function queryVector(query: RerankQuery): Promise<Float32Array | undefined> {
    if (!encoder) return query.vector;
    if (!encoder.covers(query.text)) return undefined;
    return (await encoder.embedder.embed([{ text: query.text, tokens: query.tokens }]))[0];
  }

  async function questionVectors(recalled: readonly RecalledEntry[]): Promise<Map<string, Float32Array[]>> {
    if (!encoder) return new Map(recalled.map((entry) => [entry.entryId, entry.questions.map((q) => q.vector)]));
    const covered = (entry: RecalledEntry) => entry.questions.filter((q) => encoder.covers(q.text)).map((q) => q.text);
    await encode(recalled.flatMap(covered));
    return new Map(recalled.map((entry) => [entry.entryId, covered(entry).map((text) => encoded.get(text)!)]));
  }

  return {
    id: encoder ? `sentence-vectors[${encoder.embedder.id}](${base.id})` : `sentence-vectors(${base.id})`,
    async rerank(query, recalled, context) {
      const candidates = await base.rerank(query, recalled, context);
      if (encoding) return candidates;
      const vector = await queryVector(query);
      if (!vector) return candidates;
      const model = classifier;
      const probability = model ? model.probabilities(vector) : undefined;
      const column = new Map(model?.entryIds.map((id, i) => [id, i]));
      const vectorsOf = await questionVectors(recalled);
      return candidates
        .map((c) => {
          const i = column.get(c.entryId);
          const learned = probability && i !== undefined ? probability[i]! : undefined;
          return { ...c, score: blendVectorScores(c.score, entrySimilarity(vector, vectorsOf.get(c.entryId) ?? []), learned, { similarityWeight, classifierWeight }) };
        })
        .sort((a, b) => b.score - a.score);
    },
    async fit(questions: readonly IndexedQuestion[], signal?: AbortSignal) {
      await base.fit?.(questions, signal);
      let examples: readonly { entryId: string; vector: Float32Array }[] = questions;
      if (encoder) {
        const covered = questions.filter((q) => encoder.covers(q.text));
        const current = new Set(covered.map((q) => q.text));
        for (const text of encoded.keys()) if (!current.has(text)) encoded.delete(text); // edited or removed questions
        await encode([...current]);
        examples = covered.map((q) => ({ entryId: q.entryId, vector: encoded.get(q.text)! }));
      }
      const entries = new Set(examples.map((q) => q.entryId));
      classifier = classifierWeight > 0 && entries.size >= 2 && entries.size <= MAX_CLASSIFIER_ENTRIES ? await trainVectorClassifier(examples, training) : undefined;
      encoding = false;
    },
    // Encoding every question (about 4 ms each: 80 s for 20,000) is the slow part a server does after it starts answering.
    ...(encoder && {
      async fitQuickly(questions: readonly IndexedQuestion[]) {
        await base.fit?.(questions);
        classifier = undefined;
        encoding = true;
        return { slowPartLeft: true };
      },
    }),
    state() {
      const baseState = base.state?.();
      if (!classifier) return baseState;
      const { weights, ...meta } = classifier.state();
      return { meta: { vectors: meta, base: baseState?.meta }, weights: concatVectors(baseState ? [weights, baseState.weights] : [weights]) };
    },
    restore(state) {
      encoding = false;
      const meta = state.meta as { vectors?: { entryIds: string[]; dimension: number }; base?: unknown };
      if (!meta?.vectors) return base.restore?.(state);
      const size = meta.vectors.entryIds.length * (meta.vectors.dimension + 1);
      classifier = restoreVectorClassifier({ ...meta.vectors, weights: state.weights.slice(0, size) }, training.temperature);
      if (meta.base !== undefined) base.restore?.({ meta: meta.base, weights: state.weights.slice(size) });
    },
  };
}
