import type { AskInput, Candidate, Outcome, TraceEntry } from '../types.ts';

/** The state of one question as it passes through the stages. */
export interface Turn {
  input: AskInput;
  /** The working text: normalised, then corrected, then possibly rewritten with context. */
  text: string;
  tokens: string[];
  queryVector?: Float32Array;
  /** Recall results: document id → score from each channel. */
  lexical: Map<number, number>;
  vector: Map<number, number>;
  candidates: Candidate[];
  outcome?: Outcome;
  trace: TraceEntry[];
}

/** What a stage returns: the next turn and what to record in the trace. */
export interface StageResult {
  turn: Turn;
  detail: Record<string, unknown>;
}

export interface Stage {
  name: string;
  run(turn: Turn): StageResult | Promise<StageResult>;
}

export function newTurn(input: AskInput): Turn {
  return { input, text: input.text, tokens: [], lexical: new Map(), vector: new Map(), candidates: [], trace: [] };
}
