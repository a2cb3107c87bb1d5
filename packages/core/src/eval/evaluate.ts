import { performance } from 'node:perf_hooks';
import type { AskInput, Outcome } from '../types.ts';
import type { LabelledQuery } from './read-queries.ts';

export interface EvalReport {
  queries: number;
  accuracy: number;
  in_scope_top1: number;
  recall_at_3: number;
  mrr: number;
  oos_recall: number;
  oos_precision: number;
  suggest_rate: number;
  p50_ms: number;
  p95_ms: number;
}

export interface QueryResult {
  query: LabelledQuery;
  outcome: Outcome;
  ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** The entry the bot answered with, or undefined when it did not answer. */
export function answeredId(outcome: Outcome): string | undefined {
  return outcome.kind === 'answer' ? outcome.entryId : undefined;
}

/**
 * Scores a bot on labelled queries. "Answered" means kind === 'answer'; a suggestion counts as not answered.
 * in_scope_top1 and recall_at_3 look at the ranked candidates, so they measure ranking independent of thresholds.
 */
export async function evaluate(ask: (input: AskInput) => Promise<Outcome>, queries: readonly LabelledQuery[]): Promise<{ report: EvalReport; results: QueryResult[] }> {
  const results: QueryResult[] = [];
  for (const query of queries) {
    const began = performance.now();
    const outcome = await ask({ text: query.query });
    results.push({ query, outcome, ms: performance.now() - began });
  }
  return { report: summarize(results), results };
}

export function summarize(results: readonly QueryResult[]): EvalReport {
  let correct = 0, inScope = 0, top1 = 0, top3 = 0, rr = 0, oos = 0, oosRejected = 0, rejected = 0, suggested = 0;
  for (const { query, outcome } of results) {
    const answered = answeredId(outcome);
    if (outcome.kind === 'suggest') suggested++;
    if (answered === undefined) rejected++;
    if (query.id === null) {
      oos++;
      if (answered === undefined) {
        oosRejected++;
        correct++;
      }
      continue;
    }
    inScope++;
    if (answered === query.id) correct++;
    const rank = outcome.candidates.findIndex((c) => c.entryId === query.id);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const n = results.length;
  return {
    queries: n,
    accuracy: r4(n ? correct / n : 0),
    in_scope_top1: r4(inScope ? top1 / inScope : 0),
    recall_at_3: r4(inScope ? top3 / inScope : 0),
    mrr: r4(inScope ? rr / inScope : 0),
    oos_recall: r4(oos ? oosRejected / oos : 0),
    oos_precision: r4(rejected ? oosRejected / rejected : 0),
    suggest_rate: r4(n ? suggested / n : 0),
    p50_ms: r4(percentile(times, 50)),
    p95_ms: r4(percentile(times, 95)),
  };
}
