import { clearsAnswerBar } from '../stages/decide.ts';
import type { Outcome, Thresholds } from '../types.ts';
import type { QueryResult } from './evaluate.ts';
import { isEnglishText } from '../sentence-encoder/sentence-encoder-use.ts';

export interface Calibration {
  thresholds: Thresholds;
  /** Balanced accuracy on the given results: the mean of in-scope accuracy and out-of-scope recall. */
  balancedAccuracy: number;
}

type AnswerBars = Pick<Thresholds, 'answer' | 'margin' | 'sharedWord'>;

const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/** Whether the question shared a content word with its best entry, as the decide stage recorded it. */
function sharedWordOf(outcome: Pick<Outcome, 'trace'>): boolean {
  return (outcome.trace.find((t) => t.stage === 'decide')?.detail as { sharesWord?: boolean } | undefined)?.sharesWord === true;
}

/** A labelled query reduced to what the bars look at: its ranked candidates and whether it shared a word with the best. */
interface Replay {
  expected: string | null;
  candidates: Outcome['candidates'];
  sharesWord: boolean;
}

const replayOf = ({ query, outcome }: QueryResult): Replay => ({ expected: query.id, candidates: outcome.candidates, sharesWord: sharedWordOf(outcome) });

/** The entry the bot would answer at these bars, from the ranked candidates already computed. */
function answeredAt({ candidates, sharesWord }: Replay, bars: AnswerBars): string | undefined {
  return clearsAnswerBar(candidates, bars, sharesWord) ? candidates[0]?.entryId : undefined;
}

function balancedOver(replays: readonly Replay[], bars: AnswerBars): number {
  let inScopeRight = 0, inScope = 0, oosRight = 0, oos = 0;
  for (const replay of replays) {
    const answered = answeredAt(replay, bars);
    if (replay.expected === null) {
      oos++;
      if (answered === undefined) oosRight++;
    } else {
      inScope++;
      if (answered === replay.expected) inScopeRight++;
    }
  }
  return (inScope ? inScopeRight / inScope : 1) / 2 + (oos ? oosRight / oos : 1) / 2;
}

/**
 * Chooses thresholds on a labelled dev set from the ranked candidates already computed, without asking again:
 * `answer`, `sharedWord` (at most `answer`) and `margin` maximise balanced accuracy (the mean of in-scope
 * accuracy and out-of-scope recall, so a dev set with few out-of-scope queries does not push the bot into
 * answering everything; ties go to the lower answer bar, then to the higher shared-word bar); `suggest` is the
 * lowest bar at which fewer than a fifth of the out-of-scope queries left unanswered would get "did you mean" chips.
 */
export function calibrateThresholds(results: readonly QueryResult[]): Calibration {
  const replays = results.map(replayOf);
  let best: Calibration = { thresholds: { answer: 1, suggest: 1, margin: 0, sharedWord: 1 }, balancedAccuracy: -1 };
  for (const margin of [0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12]) {
    for (const answer of steps(0.1, 1, 0.01)) {
      for (const sharedWord of steps(0.1, answer, 0.01).reverse()) {
        const balanced = balancedOver(replays, { answer, margin, sharedWord });
        if (balanced > best.balancedAccuracy + 1e-9) best = { thresholds: { answer, suggest: answer, margin, sharedWord }, balancedAccuracy: balanced };
      }
    }
  }
  return { thresholds: { ...best.thresholds, suggest: suggestBar(results, best.thresholds) }, balancedAccuracy: Math.round(best.balancedAccuracy * 10000) / 10000 };
}

/** The mean of in-scope accuracy and out-of-scope recall if the bot answered at these bars. */
export function balancedAccuracy(results: readonly QueryResult[], bars: AnswerBars): number {
  return balancedOver(results.map(replayOf), bars);
}

/** The lowest "did you mean" bar at which fewer than a fifth of the out-of-scope queries left unanswered get chips. */
export function suggestBar(results: readonly QueryResult[], bars: AnswerBars): number {
  const unansweredOos = results.map(replayOf).filter((replay) => replay.expected === null && answeredAt(replay, bars) === undefined);
  const oosTop = unansweredOos.map(({ candidates }) => candidates[0]?.score ?? 0).sort((a, b) => b - a);
  const allowed = Math.floor(oosTop.length * 0.2);
  return Math.round(Math.min(bars.answer, Math.max(0, (oosTop[allowed] ?? 0) + 0.001)) * 1000) / 1000;
}

/**
 * Results split by the bars that judge them, to calibrate each set on its own: a bilingual bot's (one with
 * `info().englishThresholds`) English questions apart from the others. Otherwise every result is among the others.
 */
export function splitByBars(results: readonly QueryResult[], bilingual: boolean): { others: QueryResult[]; english: QueryResult[] } {
  const isEnglish = (result: QueryResult) => bilingual && isEnglishText(result.query.query);
  return { others: results.filter((r) => !isEnglish(r)), english: results.filter(isEnglish) };
}
