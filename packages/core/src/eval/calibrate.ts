import { clearsAnswerBar } from '../stages/decide.ts';
import type { Thresholds } from '../types.ts';
import type { QueryResult } from './evaluate.ts';

export interface Calibration {
  thresholds: Thresholds;
  /** Balanced accuracy on the given results: the mean of in-scope accuracy and out-of-scope recall. */
  balancedAccuracy: number;
}

const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/**
 * Chooses thresholds on a labelled dev set from the ranked candidates already computed, without asking again:
 * `answer` and `margin` maximise balanced accuracy (the mean of in-scope accuracy and out-of-scope recall,
 * so a dev set with few out-of-scope queries does not push the bot into answering everything; ties go to the
 * lower bar); `suggest` is the lowest bar at which
 * fewer than a fifth of the out-of-scope queries left unanswered would get "did you mean" chips.
 */
export function calibrateThresholds(results: readonly QueryResult[]): Calibration {
  let best: Calibration = { thresholds: { answer: 1, suggest: 1, margin: 0 }, balancedAccuracy: -1 };
  for (const margin of [0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12]) {
    for (const answer of steps(0.1, 1, 0.01)) {
      const thresholds = { answer, suggest: answer, margin };
      const balanced = balancedAccuracy(results, thresholds);
      if (balanced > best.balancedAccuracy + 1e-9) best = { thresholds, balancedAccuracy: balanced };
    }
  }
  return { thresholds: { ...best.thresholds, suggest: suggestBar(results, best.thresholds) }, balancedAccuracy: Math.round(best.balancedAccuracy * 10000) / 10000 };
}

/** The mean of in-scope accuracy and out-of-scope recall if the bot answered at these bars. */
export function balancedAccuracy(results: readonly QueryResult[], { answer, margin }: Pick<Thresholds, 'answer' | 'margin'>): number {
  let inScopeRight = 0, inScope = 0, oosRight = 0, oos = 0;
  for (const { query, outcome } of results) {
    const answered = clearsAnswerBar(outcome.candidates, { answer, suggest: answer, margin }) ? outcome.candidates[0]?.entryId : undefined;
    if (query.id === null) {
      oos++;
      if (answered === undefined) oosRight++;
    } else {
      inScope++;
      if (answered === query.id) inScopeRight++;
    }
  }
  return (inScope ? inScopeRight / inScope : 1) / 2 + (oos ? oosRight / oos : 1) / 2;
}

/** The lowest "did you mean" bar at which fewer than a fifth of the out-of-scope queries left unanswered get chips. */
export function suggestBar(results: readonly QueryResult[], { answer, margin }: Pick<Thresholds, 'answer' | 'margin'>): number {
  const unansweredOos = results.filter(({ query, outcome }) => query.id === null && !clearsAnswerBar(outcome.candidates, { answer, suggest: answer, margin }));
  const oosTop = unansweredOos.map(({ outcome }) => outcome.candidates[0]?.score ?? 0).sort((a, b) => b - a);
  const allowed = Math.floor(oosTop.length * 0.2);
  return Math.round(Math.min(answer, Math.max(0, (oosTop[allowed] ?? 0) + 0.001)) * 1000) / 1000;
}
