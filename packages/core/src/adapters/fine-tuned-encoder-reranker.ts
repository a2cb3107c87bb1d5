import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Reranker, RerankerState } from '../ports/reranker.ts';
import { pretrainedTopLayer } from '../sentence-encoder/encoder-top-layer.ts';
import { fineTuneEncoder, restoreFineTunedEncoder, type FineTunedEncoder, type FineTunedMeta, type FineTuneOptions } from '../sentence-encoder/fine-tune-encoder.ts';
import type { SentenceEncoderModel } from '../sentence-encoder/sentence-encoder-model.ts';
import { concatVectors } from '../text/similarity.ts';
import { MAX_CLASSIFIER_ENTRIES } from './entry-classifier.ts';
import { blendVectorScores, entrySimilarity } from './sentence-vector-reranker.ts';

/** Above this many questions the encoder is not fine-tuned: training time grows with them (about 40 s per 1,000 questions on 2 cores; learned questions count too). */
export const MAX_FINE_TUNE_QUESTIONS = 5000;

export interface FineTunedEncoderRerankerOptions extends FineTuneOptions {
  /** The ranker whose scores are blended (the learned feature ranker in createBot). */
  base: Reranker;
  /** Ranks instead while the encoder is not fine-tuned (too few or too many entries, a model without token states). */
  fallback: Reranker;
  model: SentenceEncoderModel;
  /** Share of the entry's fine-tuned vector similarity (its best and runner-up questions) in the final score. */
  similarityWeight?: number;
  /** Share of the fine-tuned classifier's probability. */
  classifierWeight?: number;
}

interface SavedMeta {
  tuned: FineTunedMeta;
  tunedSize: number;
  base: unknown;
}

/**
 * Fine-tunes the pretrained sentence encoder's top layer on the knowledge base (each entry a class), then
 * blends the base ranker with the query's similarity to each entry's questions in the tuned vector space and
 * with the classifier trained alongside. Weights chosen on CLINC150 dev (bench/clinc150.ts).
 */
export function createFineTunedEncoderReranker({ base, fallback, model, similarityWeight = 0.2, classifierWeight = 0.4, ...training }: FineTunedEncoderRerankerOptions): Reranker {
  let tuned: FineTunedEncoder | undefined;
  let restoring: Promise<void> | undefined;
  let disposed = false;
  // Question text -> its tuned vector: all questions at fit; after a restore or an edit, filled on first use.
  const vectors = new Map<string, Float32Array>();

  async function vectorsOf(encoder: FineTunedEncoder, texts: readonly string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !vectors.has(t)))];
    if (missing.length > 0) {
      const embedded = await encoder.embed(await model.tokenStates!(missing));
      missing.forEach((text, i) => vectors.set(text, embedded[i]!));
    }
    return texts.map((t) => vectors.get(t)!);
  }

  function canTune(questions: readonly IndexedQuestion[]): boolean {
    const entries = new Set(questions.map((q) => q.entryId)).size;
    return model.tokenStates !== undefined && entries >= 2 && entries <= MAX_CLASSIFIER_ENTRIES && questions.length <= MAX_FINE_TUNE_QUESTIONS;
  }

  return {
    id: `fine-tuned-encoder(${base.id})`,
    async rerank(query, recalled, context) {
      await restoring;
      const encoder = tuned;
      if (!encoder) return fallback.rerank(query, recalled, context);
      const candidates = await base.rerank(query, recalled, context);
      const [vector] = await encoder.embed(await model.tokenStates!([query.text]));
      const probability = encoder.probabilities(vector!);
      const column = new Map(encoder.entryIds.map((id, i) => [id, i]));
      // One batch for every recalled question: after a restore their tuned vectors are computed here.
      const all = await vectorsOf(encoder, recalled.flatMap((entry) => entry.questions.map((q) => q.text)));
      let offset = 0;
      const questionVectors = new Map(recalled.map((entry) => [entry.entryId, all.slice(offset, (offset += entry.questions.length))]));
      return candidates
        .map((c) => {
          const i = column.get(c.entryId);
          const similarity = entrySimilarity(vector!, questionVectors.get(c.entryId) ?? []);
          return { ...c, score: blendVectorScores(c.score, similarity, i === undefined ? undefined : probability[i]!, { similarityWeight, classifierWeight }) };
        })
        .sort((a, b) => b.score - a.score);
    },
    async fitQuickly(questions) {
      await restoring;
      tuned?.dispose();
      tuned = undefined;
      await fallback.fit?.(questions);
      return { slowPartLeft: canTune(questions) && pretrainedTopLayer(model) !== undefined };
    },
    async fit(questions, signal) {
      await restoring;
      const pretrained = canTune(questions) ? pretrainedTopLayer(model) : undefined;
      if (!pretrained) {
        tuned?.dispose();
        tuned = undefined;
        return fallback.fit?.(questions);
      }
      await base.fit?.(questions);
      const texts = questions.map((q) => q.text);
      const states = await model.tokenStates!(texts);
      const next = await fineTuneEncoder(pretrained, questions.map((q, i) => ({ entryId: q.entryId, states: states[i]! })), training, signal);
      const embedded = await next.embed(states);
      vectors.clear();
      texts.forEach((text, i) => vectors.set(text, embedded[i]!));
      tuned?.dispose();
      tuned = disposed ? (next.dispose(), undefined) : next;
    },
    dispose() {
      disposed = true;
      tuned?.dispose();
      tuned = undefined;
      base.dispose?.();
      fallback.dispose?.();
    },
    state() {
      if (!tuned) return fallback.state?.();
      const own = tuned.state();
      const baseState = base.state?.();
      const meta: SavedMeta = { tuned: own.meta, tunedSize: own.weights.length, base: baseState?.meta };
      return { meta: { fineTuned: meta }, weights: concatVectors(baseState ? [own.weights, baseState.weights] : [own.weights]) };
    },
    restore(state: RerankerState) {
      const meta = (state.meta as { fineTuned?: SavedMeta } | undefined)?.fineTuned;
      if (!meta) return fallback.restore?.(state);
      if (meta.base !== undefined) base.restore?.({ meta: meta.base, weights: state.weights.slice(meta.tunedSize) });
      vectors.clear();
      // A damaged state leaves the fallback ranking rather than failing every question.
      restoring = restoreFineTunedEncoder(meta.tuned, state.weights.slice(0, meta.tunedSize)).then(
        (encoder) => {
          tuned?.dispose();
          tuned = disposed ? (encoder.dispose(), undefined) : encoder;
        },
        () => {
          tuned = undefined;
        },
      );
    },
  };
}
