import type { IndexedQuestion } from '../knowledge/indexed-question.ts';
import type { RecalledEntry, Reranker, RerankContext, RerankQuery } from '../ports/reranker.ts';
import { charNgrams } from '../text/char-ngrams.ts';
import { cosine, countsOf, diceOfCounts, editSimilarity, idfCoverage, idfMass } from '../text/similarity.ts';
import type { Candidate } from '../types.ts';
import type { WordVectors } from '../ports/word-vectors.ts';
import { stemEnglish } from './english-stemmer.ts';

/** Similarity features of a query against one stored question, each in [0, 1]. */
export interface SimilarityFeatures {
  /** Share of the query's IDF mass found in the question. */
  queryCoverage: number;
  /** Share of the question's IDF mass found in the query. */
  questionCoverage: number;
  /** Share of the query's IDF mass found anywhere in the entry's questions. */
  entryCoverage: number;
  vectorCosine: number;
  /** Dice overlap of character bigrams. */
  charDice: number;
  /** Token-level edit similarity (word order). */
  editSimilarity: number;
  /** IDF-weighted share of the query's English words whose meaning (word vectors) is in the question; 0 without word vectors. */
  semanticCoverage: number;
}

/** Weights of the features; they sum to 1 so scores stay in [0, 1]. */
export type FeatureWeights = SimilarityFeatures;

/** Tuned by random search on the CLINC150 dev split (bench/tune-feature-weights.ts). */
export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = {
  queryCoverage: 0.22,
  questionCoverage: 0.12,
  entryCoverage: 0.23,
  vectorCosine: 0.17,
  charDice: 0.22,
  editSimilarity: 0.04,
  semanticCoverage: 0,
};

/** Used for queries with English words when word vectors are given (tuned on CLINC150 dev). */
export const WORD_VECTOR_FEATURE_WEIGHTS: FeatureWeights = {
  queryCoverage: 0,
  questionCoverage: 0.06,
  entryCoverage: 0.06,
  vectorCosine: 0.13,
  charDice: 0.07,
  editSimilarity: 0,
  semanticCoverage: 0.68,
};

/** Weight of an entry's second-best question: an entry several of whose phrasings match is more likely right. */
export const SECOND_QUESTION_WEIGHT = 0.5;

interface QuestionView {
  terms: Set<string>;
  grams: Map<string, number>;
  words: string[];
}

const views = new WeakMap<IndexedQuestion, QuestionView>();
function viewOf(question: IndexedQuestion): QuestionView {
  let view = views.get(question);
  if (!view) views.set(question, (view = { terms: new Set(question.tokens), grams: countsOf(charNgrams(question.normalized, [2])), words: englishWords(question.normalized) }));
  return view;
}

function englishWords(text: string): string[] {
  return text.match(/[a-z]+/g) ?? [];
}

/** For each query word: its IDF weight and how close the nearest question word is in meaning (1 when identical). */
function semanticCoverage(queryWords: readonly { word: string; weight: number; vector: Float32Array | undefined }[], questionWords: readonly string[], vectors: WordVectors): number {
  let covered = 0;
  let total = 0;
  for (const { word, weight, vector } of queryWords) {
    total += weight;
    let best = 0;
    for (const other of questionWords) {
      if (other === word) {
        best = 1;
        break;
      }
      const v = vector && vectors.vector(other);
      if (v) best = Math.max(best, dot(vector!, v));
    }
    covered += weight * best;
  }
  return total > 0 ? covered / total : 0;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The features of every question of one recalled entry. */
export function featuresOf(query: RerankQuery, entry: RecalledEntry, { idf }: RerankContext, vectors?: WordVectors): { question: IndexedQuestion; features: SimilarityFeatures }[] {
  const queryWords = vectors ? [...new Set(englishWords(query.text))].map((word) => ({ word, weight: idf(stemEnglish(word)), vector: vectors.vector(word) })) : [];
  const queryTerms = new Set(query.tokens);
  const queryMass = idfMass(queryTerms, idf) || 1;
  const queryGrams = countsOf(charNgrams(query.text, [2]));
  const entryTerms = new Set(entry.questions.flatMap((q) => q.tokens));
  const entryCoverage = idfCoverage(queryTerms, entryTerms, idf);
  return entry.questions.map((question) => {
    const { terms, grams } = viewOf(question);
    const shared = idfMass([...queryTerms].filter((t) => terms.has(t)), idf);
    return {
      question,
      features: {
        queryCoverage: shared / queryMass,
        questionCoverage: shared / (idfMass(terms, idf) || 1),
        entryCoverage,
        vectorCosine: query.vector ? Math.max(0, cosine(query.vector, question.vector)) : 0,
        charDice: diceOfCounts(queryGrams, grams),
        editSimilarity: editSimilarity(query.tokens, question.tokens),
        semanticCoverage: vectors && queryWords.length > 0 ? semanticCoverage(queryWords, viewOf(question).words, vectors) : 0,
      },
    };
  });
}

export function weightedScore(features: SimilarityFeatures, weights: FeatureWeights): number {
  let score = 0;
  for (const key of Object.keys(weights) as (keyof FeatureWeights)[]) score += weights[key] * features[key];
  return Math.min(1, Math.max(0, score));
}

export interface FeatureRerankerOptions {
  weights?: FeatureWeights;
  /** English word vectors for the semanticCoverage feature (e.g. loadWinkWordVectors()). */
  wordVectors?: WordVectors;
  /** Weights for queries with English words when word vectors are given. */
  wordVectorWeights?: FeatureWeights;
}

/** An entry's score from its questions' scores: the best plus a share of the runner-up. */
export function entryScore(sortedScores: readonly number[]): number {
  const first = sortedScores[0] ?? 0;
  return (first + SECOND_QUESTION_WEIGHT * (sortedScores[1] ?? first)) / (1 + SECOND_QUESTION_WEIGHT);
}

/**
 * Weighted similarity over lexical, character, edit-distance and vector features: the fallback ranker
 * when no learned model is trained. An entry scores mostly as its best-matching question.
 */
export function createFeatureReranker({ weights = DEFAULT_FEATURE_WEIGHTS, wordVectors, wordVectorWeights = WORD_VECTOR_FEATURE_WEIGHTS }: FeatureRerankerOptions = {}): Reranker {
  return {
    id: wordVectors ? `features+${wordVectors.id}` : 'features',
    rerank(query, recalled, context): Candidate[] {
      const useVectors = wordVectors !== undefined && englishWords(query.text).some((w) => wordVectors.vector(w));
      const active = useVectors ? wordVectorWeights : weights;
      const candidates = recalled.map((entry): Candidate => {
        const scored = featuresOf(query, entry, context, useVectors ? wordVectors : undefined)
          .map(({ question, features }) => ({ question, score: weightedScore(features, active) }))
          .sort((a, b) => b.score - a.score);
        return {
          entryId: entry.entryId,
          question: (scored[0]?.question ?? entry.questions[0]!).text,
          lexical: Math.max(0, ...entry.lexical.values()),
          vector: Math.max(0, ...entry.vector.values()),
          score: entryScore(scored.map((s) => s.score)),
        };
      });
      return candidates.sort((a, b) => b.score - a.score);
    },
  };
}
