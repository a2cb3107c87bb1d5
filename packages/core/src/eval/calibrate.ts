import { clearsAnswerBar } from '../stages/decide.ts';
import type { Outcome, Thresholds } from '../types.ts';
import type { QueryResult } from './evaluate.ts';

export interface Calibration {
  thresholds: Thresholds;
  /** Balanced accuracy on the given results: the mean of in-scope accuracy and out-of-scope recall. */
  balancedAccuracy: number;
}

type AnswerBars = Pick<Thresholds, 'answer' | 'margin' | 'sharedWord'>;

const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/** Whether the question shared a content word with its best entry, as the decide stage recorded it. */
export function sharedWordOf(outcome: Pick<Outcome, 'trace'>): boolean {
  return (outcome.trace.find((t) => t.stage === 'decide')?.detail as { sharesWord?: boolean } | undefined)?.sharesWord === true;
}

/** The entry the bot would answer at these bars, from the ranked candidates already computed. */
function answeredAt(outcome: Pick<Outcome, 'candidates' | 'trace'>, bars: AnswerBars): string | undefined {
  return clearsAnswerBar(outcome.candidates, bars, sharedWordOf(outcome)) ? outcome.candidates[0]?.entryId : undefined;
}

/**
 * Chooses thresholds on a labelled dev set from the ranked candidates already computed, without asking again:
 * `answer`, `sharedWord` (at most `answer`) and `margin` maximise balanced accuracy (the mean of in-scope
 * accuracy and out-of-scope recall, so a dev set with few out-of-scope queries does not push the bot into
 * answering everything; ties go to the lower answer bar, then to the higher shared-word bar); `suggest` is the
 * lowest bar at which fewer than a fifth of the out-of-scope queries left unanswered would get "did you mean" chips.
 */
export function calibrateThresholds(results: readonly QueryResult[]): Calibration {
  // Each query reduced to what the bars look at: its best score, the lead over the next, and whether answering it is right.
  const rows = results.map(({ query, outcome }) => {
    const [top, second] = outcome.candidates;
    return { score: top?.score ?? -1, gap: (top?.score ?? 0) - (second?.score ?? 0), sharesWord: sharedWordOf(outcome), inScope: query.id !== null, right: top !== undefined && top.entryId === query.id };
  });
  const inScope = rows.filter((r) => r.inScope).length;
  const oos = rows.length - inScope;
  let best: Calibration = { thresholds: { answer: 1, suggest: 1, margin: 0, sharedWord: 1 }, balancedAccuracy: -1 };
  for (const margin of [0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12]) {
    const leading = rows.filter((r) => r.gap >= margin && r.score >= 0);
    for (const answer of steps(0.1, 1, 0.01)) {
      for (const sharedWord of steps(0.1, answer, 0.01).reverse()) {
        let inScopeRight = 0, oosAnswered = 0;
        for (const r of leading) {
          if (r.score < (r.sharesWord ? sharedWord : answer)) continue;
          if (!r.inScope) oosAnswered++;
          else if (r.right) inScopeRight++;
        }
        const balanced = (inScope ? inScopeRight / inScope : 1) / 2 + (oos ? (oos - oosAnswered) / oos : 1) / 2;
        if (balanced > best.balancedAccuracy + 1e-9) best = { thresholds: { answer, suggest: answer, margin, sharedWord }, balancedAccuracy: balanced };
      }
    }
  }
  return { thresholds: { ...best.thresholds, suggest: suggestBar(results, best.thresholds) }, balancedAccuracy: Math.round(best.balancedAccuracy * 10000) / 10000 };
}

/** The mean of in-scope accuracy and out-of-scope recall if the bot answered at these bars. */
export function balancedAccuracy(results: readonly QueryResult[], bars: AnswerBars): number {
  let inScopeRight = 0, inScope = 0, oosRight = 0, oos = 0;
  for (const { query, outcome } of results) {
    const answered = answeredAt(outcome, bars);
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
export function suggestBar(results: readonly QueryResult[], bars: AnswerBars): number {
  const unansweredOos = results.filter(({ query, outcome }) => query.id === null && answeredAt(outcome, bars) === undefined);
  const oosTop = unansweredOos.map(({ outcome }) => outcome.candidates[0]?.score ?? 0).sort((a, b) => b - a);
  const allowed = Math.floor(oosTop.length * 0.2);
  return Math.round(Math.min(bars.answer, Math.max(0, (oosTop[allowed] ?? 0) + 0.001)) * 1000) / 1000;
}
