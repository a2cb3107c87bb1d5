import { idfCoverage } from '../text/similarity.ts';
import type { Candidate } from '../types.ts';

/**
 * Default share of an entry's score that comes from its answer: how much of the query's IDF mass the answer
 * text contains. Chosen on the Chinese example's dev split (in-scope top-1 0.867 / 0.885 / 0.903 / 0.894 /
 * 0.885 at 0 / 0.05 / 0.1 / 0.15 / 0.2): a question's wording often appears only in the answer ("有没有月度报告"
 * against "每月生成月度学习报告").
 */
export const DEFAULT_ANSWER_WEIGHT = 0.1;

/** Share of the query's IDF mass whose terms the answer contains, in [0, 1]. */
export function answerCoverage(queryTokens: readonly string[], answerTerms: ReadonlySet<string>, idf: (term: string) => number): number {
  return idfCoverage(new Set(queryTokens), answerTerms, idf);
}

/** The ranker's scores blended with each entry's answer coverage, best first. */
export function blendAnswerCoverage(candidates: readonly Candidate[], coverageOf: (entryId: string) => number, weight: number): Candidate[] {
  if (weight <= 0) return [...candidates];
  return candidates.map((c) => ({ ...c, score: (1 - weight) * c.score + weight * coverageOf(c.entryId) })).sort((a, b) => b.score - a.score);
}
