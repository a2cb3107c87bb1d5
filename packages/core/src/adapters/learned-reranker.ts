import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { Reranker } from '../ports/reranker.ts';
import { MAX_CLASSIFIER_ENTRIES, restoreEntryClassifier, trainEntryClassifier, type ClassifierOptions, type EntryClassifier } from './entry-classifier.ts';
import { createFeatureReranker } from './feature-reranker.ts';

export interface LearnedRerankerOptions extends ClassifierOptions {
  /** The ranker whose scores are blended with the classifier's; the feature ranker by default. */
  base?: Reranker;
  /** Share of the classifier's probability in the final score (tuned on CLINC150 dev). */
  blend?: number;
}

/**
 * The feature ranker blended with an entry classifier trained on the knowledge base's own questions.
 * Entries added after the last training, and knowledge bases above MAX_CLASSIFIER_ENTRIES entries,
 * are scored by the feature ranker alone.
 *
 * @example const bot = await createBot({ knowledge: 'faq.jsonl', reranker: createLearnedReranker() });
 */
export function createLearnedReranker({ base = createFeatureReranker(), blend = 0.5, ...training }: LearnedRerankerOptions = {}): Reranker {
  let classifier: EntryClassifier | undefined;
  return {
    id: `learned(${base.id})`,
    async rerank(query, recalled, context) {
      const candidates = await base.rerank(query, recalled, context);
      const model = classifier;
      if (!model) return candidates;
      const probability = model.probabilities(query);
      return candidates
        .map((c) => (model.knows(c.entryId) ? { ...c, score: (1 - blend) * c.score + blend * (probability.get(c.entryId) ?? 0) } : c))
        .sort((a, b) => b.score - a.score);
    },
    async fit(questions: readonly IndexedQuestion[]) {
      const entries = new Set(questions.map((q) => q.entryId));
      classifier = entries.size >= 2 && entries.size <= MAX_CLASSIFIER_ENTRIES ? await trainEntryClassifier(questions, training) : undefined;
    },
    state() {
      if (!classifier) return undefined;
      const { weights, ...meta } = classifier.state();
      return { meta, weights };
    },
    restore(state) {
      const meta = state.meta as { entryIds: string[]; bias: number[] };
      classifier = restoreEntryClassifier({ ...meta, weights: state.weights });
    },
  };
}
