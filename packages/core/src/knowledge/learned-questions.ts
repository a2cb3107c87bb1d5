import type { IndexedQuestion } from './indexed-question.ts';
import type { Embedder } from '../ports/embedder.ts';

/** A visitor's question confirmed to belong to an entry (e.g. a "helpful" vote on its answer). */
export interface LearnedPair {
  text: string;
  entryId: string;
}

/**
 * At most this many learned questions train the rankers, the first ones given (the server gives the newest
 * first): with them, a knowledge base of up to 2,000 questions (the fine-tuning's limit before learning) stays
 * under the fine-tuning's 5,000-question limit.
 */
export const MAX_LEARNED_QUESTIONS = 3000;

export interface LearnedQuestionsDeps {
  pairs?: () => Promise<readonly LearnedPair[]>;
  normalize: (text: string) => string;
  segment: (normalized: string) => string[];
  embedder: Embedder;
  /** The entry still exists. */
  hasEntry: (entryId: string) => boolean;
  /** Normalised texts the knowledge base already holds as questions: its own entry wins over a vote. */
  knownTexts: () => ReadonlySet<string>;
}

/**
 * Learned pairs as training questions for the rankers: read afresh at each training (new votes count at the
 * next retrain), checked, deduplicated, and embedded once per text. They train the classifiers and the
 * fine-tuned encoder but are not indexed: recall, suggestions and exports show only the knowledge base's own questions.
 */
export function createLearnedQuestions({ pairs, normalize, segment, embedder, hasEntry, knownTexts }: LearnedQuestionsDeps) {
  const vectors = new Map<string, Float32Array>();
  return {
    async questions(): Promise<IndexedQuestion[]> {
      if (!pairs) return [];
      const given = await pairs().catch(() => [] as LearnedPair[]);
      const known = knownTexts();
      const seen = new Set<string>();
      const chosen: Omit<IndexedQuestion, 'vector' | 'docId'>[] = [];
      for (const pair of Array.isArray(given) ? given : []) {
        if (chosen.length >= MAX_LEARNED_QUESTIONS) break;
        if (typeof pair?.text !== 'string' || typeof pair.entryId !== 'string' || !hasEntry(pair.entryId)) continue;
        const normalized = normalize(pair.text);
        if (!normalized || known.has(normalized) || seen.has(normalized)) continue;
        seen.add(normalized);
        chosen.push({ entryId: pair.entryId, text: pair.text, normalized, tokens: segment(normalized) });
      }
      const missing = chosen.filter((q) => !vectors.has(q.text));
      if (missing.length > 0) {
        const embedded = await embedder.embed(missing);
        missing.forEach((q, i) => vectors.set(q.text, embedded[i]!));
      }
      const chosenTexts = new Set(chosen.map((q) => q.text));
      for (const text of vectors.keys()) if (!chosenTexts.has(text)) vectors.delete(text);
      // Negative ids: never a document of the index.
      return chosen.map((q, i) => ({ ...q, docId: -1 - i, vector: vectors.get(q.text)! }));
    },
  };
}
