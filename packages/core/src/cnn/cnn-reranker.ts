import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Reranker } from '../ports/reranker.ts';
import type { WordVectors } from '../ports/word-vectors.ts';
import type { TextCnnEnsemble } from './text-cnn-ensemble.ts';
import { loadTensorflow } from './tensor-runtime.ts';
import type { TrainOptions } from './train-text-cnn.ts';
import { trainTextCnnEnsemble } from './train-text-cnn-ensemble.ts';

export interface CnnRerankerOptions {
  /** The ranker blended with the CNN (the learned feature ranker in createBot). */
  base: Reranker;
  /** A trained model; without one the reranker trains on the knowledge base in `fit`. */
  model?: TextCnnEnsemble;
  wordVectors?: WordVectors;
  /** Share of the CNNs' mean entry probability in the final score (0.3 at softmax temperature 8: the best CLINC150 dev top-1 of a three-model ensemble over the feature ranker among blends 0–1 at temperatures 2–16). */
  blend?: number;
  training?: TrainOptions;
  /** Softmax scale over prototype cosines at ranking time (lower = softer); the training scale by default. */
  temperature?: number;
}

export interface CnnReranker extends Reranker {
  model(): TextCnnEnsemble | undefined;
  configure(next: { blend?: number; temperature?: number }): void;
}

/**
 * The base ranker blended with the text CNN's probability of each entry (cosine softmax against the
 * entry prototypes). Entries the model was not trained on keep the base score until the next training,
 * which `fit` runs in the background after knowledge-base edits.
 */
export function createCnnReranker({ base, model: initial, wordVectors, blend: initialBlend = 0.3, temperature: initialTemperature = 8, training = {} }: CnnRerankerOptions): CnnReranker {
  let blend = initialBlend;
  let temperature = initialTemperature;
  let model = initial;
  let startedUp = false;
  let disposed = false;
  return {
    id: `cnn(${base.id})`,
    model: () => model,
    configure(next) {
      blend = next.blend ?? blend;
      temperature = next.temperature ?? temperature;
    },
    async rerank(query, recalled, context) {
      const candidates = await base.rerank(query, recalled, context);
      const current = model;
      if (!current || candidates.length === 0) return candidates;
      const [vector] = current.embed([{ normalized: query.text, tokens: query.tokens }]);
      const probability = current.entryProbabilities(vector!, temperature);
      const row = new Map(current.entryIds.map((id, i) => [id, i]));
      return candidates
        .map((c) => {
          const i = row.get(c.entryId);
          return i === undefined ? c : { ...c, score: (1 - blend) * c.score + blend * probability[i]! };
        })
        .sort((a, b) => b.score - a.score);
    },
    async fit(questions: readonly IndexedQuestion[]) {
      await base.fit?.(questions);
      const entries = new Set(questions.map((q) => q.entryId));
      if (entries.size < 2) return;
      // A loaded model serves at once; it is retrained only when asked (edits, new confirmed pairs).
      const startingWithLoadedModel = model === initial && initial !== undefined && !startedUp;
      startedUp = true;
      if (startingWithLoadedModel) return;
      const tf = await loadTensorflow();
      const { model: next } = await trainTextCnnEnsemble(tf, questions, { ...training, ...(wordVectors ? { wordVectors } : {}) });
      if (disposed) return next.dispose();
      const previous = model;
      model = next;
      if (previous && previous !== initial) previous.dispose();
    },
    // The model it was given stays: the CNN embedder may hold it too.
    dispose() {
      disposed = true;
      base.dispose?.();
      if (model && model !== initial) model.dispose();
      model = initial;
    },
  };
}
