import { describe, expect, it } from 'vitest';
import type { Outcome } from '../types.ts';
import { balancedAccuracy, calibrateThresholds } from './calibrate.ts';
import type { QueryResult } from './evaluate.ts';

/** A result as the bot recorded it: its best two candidates and whether the question shared a word with the best. */
function result(id: string | null, top: [string, number], second: number, sharesWord: boolean): QueryResult {
  const outcome: Outcome = {
    kind: 'no-answer',
    reason: 'low-confidence',
    confidence: top[1],
    candidates: [
      { entryId: top[0], score: top[1], question: '', lexical: 0, vector: 0 },
      { entryId: 'other', score: second, question: '', lexical: 0, vector: 0 },
    ],
    trace: [{ stage: 'decide', ms: 0, detail: { kind: 'no-answer', sharesWord } }],
  } as unknown as Outcome;
  return { query: { query: '', id }, outcome, ms: 0 };
}

describe('calibrating the answer bars', () => {
  // Confident answers, weak ones that share a word with their entry (right), and weak out-of-scope ones that do not.
  const results = [
    result('a', ['a', 0.6], 0.1, true),
    result('b', ['b', 0.55], 0.1, false),
    result('c', ['c', 0.3], 0.1, true),
    result('d', ['d', 0.28], 0.1, true),
    result(null, ['a', 0.32], 0.1, false),
    result(null, ['b', 0.2], 0.1, false),
  ];

  it('lowers the bar for questions sharing a word with their best entry when that answers more of them rightly', () => {
    const { thresholds, balancedAccuracy: best } = calibrateThresholds(results);
    expect(thresholds.answer).toBeGreaterThan(0.32);
    expect(thresholds.sharedWord).toBeLessThanOrEqual(0.28);
    expect(best).toBe(1);
    // Without the shared-word bar the same answer bar leaves the weak right ones unanswered.
    expect(balancedAccuracy(results, { answer: thresholds.answer, margin: thresholds.margin })).toBe(0.75);
  });

  it('keeps the shared-word bar at the answer bar when lowering it answers out-of-scope questions', () => {
    const offTopic = [...results.slice(0, 2), result(null, ['a', 0.3], 0.1, true), result(null, ['b', 0.28], 0.1, true)];
    const { thresholds } = calibrateThresholds(offTopic);
    expect(thresholds.sharedWord).toBe(thresholds.answer);
  });
});
